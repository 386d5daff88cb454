import { clip, FormatInput, LogRecord, ParsedItem } from '../format.types';
import { readLines } from '../line-reader';
import { SYNTHETIC_TURN_MS } from '../json.format';

/** JDDC's chat log holds about a million sessions: they start a minute apart (an hour apart, they would reach before 1970). */
const SESSION_MS = 60_000;

/** JDDC joins several messages a person sent in one turn with this marker. */
const JOINED = '!@@@!';
/** The system line of the dev files: the customer asked for a person (用户发起转人工). */
const TRANSFER = '用户发起转人工';

/** Whether a line is a row of the JDDC chat log: seven tab-separated fields, waiter_send and is_transfer 0 or 1. */
export function isJddcRow(line: string): boolean {
  const f = line.split('\t');
  return f.length === 7 && /^[01]$/.test(f[2]) && /^[01]$/.test(f[3]) && /^[01]$/.test(f[4]);
}

/** A session's place in the file lays out its invented times: back from the import day, a minute a session, 15 s a turn. */
class Clock {
  private readonly sessions = new Map<string, { index: number; turns: number }>();
  constructor(private readonly base: number) {}

  next(session: string): { timestamp: number; turn: number; first: boolean } {
    let s = this.sessions.get(session);
    const first = !s;
    if (!s) {
      s = { index: this.sessions.size, turns: 0 };
      this.sessions.set(session, s);
    }
    const turn = s.turns++;
    return { timestamp: this.base - (s.index + 1) * SESSION_MS + turn * SYNTHETIC_TURN_MS, turn, first };
  }
}

/**
 * JDDC (the JD.com Dialogue Challenge's Chinese e-commerce service logs). The chat log: tab-separated, no header —
 * session id, customer id, waiter_send (0 customer, 1 agent), is_transfer, is_repeat, sku, content; a transfer is a
 * handoff, is_repeat and the sku stay in metadata. The dev/test files: `<session id>` blocks whose context holds
 * `Q:`/`A:` lines and then `<Qn>` questions; 用户发起转人工 is a handoff. Placeholders such as [订单x] stay as they are.
 * The logs carry no times: turns are laid out as in docs/log-format.md.
 */
export async function* parseJddc(input: FormatInput): AsyncGenerator<ParsedItem> {
  const clock = new Clock(input.baseTime);
  let session: string | null = null;
  for await (const line of readLines(input)) {
    if ('error' in line) {
      yield { kind: 'reject', line: line.line, reason: line.error, raw: clip(line.raw) };
      continue;
    }
    const text = line.text;
    if (text.trim() === '') continue;
    const open = /^<session ([^>]+)>$/.exec(text.trim());
    if (open) {
      session = open[1].trim();
      continue;
    }
    if (/^<\/session/.test(text.trim())) {
      session = null;
      continue;
    }
    if (/^<\/?context>$/.test(text.trim())) continue;
    if (session !== null) {
      const context = /^(Q|A):\t?(.*)$/.exec(text);
      const question = /^<Q\d+>(.*)<\/Q\d+>$/.exec(text.trim());
      if (!context && !question) {
        yield { kind: 'reject', line: line.line, reason: `expected Q:, A: or <Qn> in session ${session}`, raw: clip(text) };
        continue;
      }
      const role = context?.[1] === 'A' ? 'agent' : 'customer';
      const body = context ? context[2] : question![1];
      // An answer line holds reference answers separated by <sep>: the first is what the agent said.
      const said = role === 'agent' ? body.split('<sep>')[0] : body;
      for (const part of said.split(JOINED).map((p) => p.trim()).filter((p) => p !== '' && p !== 'NULL')) {
        const { timestamp, turn, first } = clock.next(session);
        const record: LogRecord =
          part === TRANSFER
            ? { conversationId: session, messageId: `${session}:${turn}`, timestamp, role: 'system', text: part, event: 'handoff', channel: 'jd' }
            : { conversationId: session, messageId: `${session}:${turn}`, timestamp, role, text: part, channel: 'jd' };
        if (first) record.conversationMetadata = { timestamps: 'synthetic' };
        yield { kind: 'record', line: line.line, record, raw: text };
      }
      continue;
    }
    const f = text.split('\t');
    if (f.length !== 7) {
      yield { kind: 'reject', line: line.line, reason: `expected 7 tab-separated fields (session_id, customer_id, waiter_send, is_transfer, is_repeat, sku, content), found ${f.length}`, raw: clip(text) };
      continue;
    }
    const [sessionId, customer, waiter, transfer, repeat, sku, content] = f.map((x) => x.trim());
    const reject = (field: string, reason: string): ParsedItem => ({ kind: 'reject', line: line.line, field, reason, raw: clip(text) });
    if (!sessionId) yield reject('session_id', 'missing session id');
    else if (waiter !== '0' && waiter !== '1') yield reject('waiter_send', `waiter_send must be 0 (customer) or 1 (agent), got ${JSON.stringify(waiter)}`);
    else if (transfer !== '0' && transfer !== '1') yield reject('is_transfer', `is_transfer must be 0 or 1, got ${JSON.stringify(transfer)}`);
    else if (!content) yield reject('content', 'empty text');
    else {
      const { timestamp, turn, first } = clock.next(sessionId);
      const record: LogRecord = { conversationId: sessionId, messageId: `${sessionId}:${turn}`, timestamp, role: waiter === '0' ? 'customer' : 'agent', text: content, channel: 'jd' };
      if (customer) record.customerId = customer;
      if (transfer === '1') record.event = 'handoff';
      const metadata: Record<string, unknown> = {};
      if (repeat === '1') metadata.is_repeat = true;
      if (sku && sku !== 'nan') metadata.sku = sku;
      if (Object.keys(metadata).length > 0) record.metadata = metadata;
      if (first) record.conversationMetadata = { timestamps: 'synthetic' };
      yield { kind: 'record', line: line.line, record, raw: text };
    }
  }
}
