import { writeFileSync } from 'node:fs';
import { Float64, Table, tableToIPC, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import type { SampleMessage } from '../../server/src/modules/sample/sample.generator';

const COLUMNS: (keyof SampleMessage)[] = ['conversation_id', 'message_id', 'timestamp', 'role', 'text', 'customer_id', 'channel', 'agent_id', 'event', 'event_value'];

function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes the same messages in each of Seam's four generic formats, for round-trip tests. */
export const writers = {
  jsonl(file: string, messages: SampleMessage[]) {
    writeFileSync(file, messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
  },
  csv(file: string, messages: SampleMessage[]) {
    const lines = [COLUMNS.join(','), ...messages.map((m) => COLUMNS.map((c) => csvField(m[c])).join(','))];
    writeFileSync(file, lines.join('\r\n') + '\r\n');
  },
  json(file: string, messages: SampleMessage[]) {
    const byConversation = new Map<string, SampleMessage[]>();
    for (const m of messages) byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m]);
    const conversations = [...byConversation.entries()].map(([id, ms]) => ({
      id,
      customer_id: ms[0].customer_id,
      channel: ms[0].channel,
      messages: ms.map(({ conversation_id: _c, customer_id: _u, channel: _ch, ...rest }) => rest),
    }));
    writeFileSync(file, JSON.stringify({ conversations }, null, 2));
  },
  arrow(file: string, messages: SampleMessage[]) {
    const text = (pick: (m: SampleMessage) => string | undefined) => vectorFromArray(messages.map((m) => pick(m) ?? null), new Utf8());
    const table = new Table({
      conversation_id: text((m) => m.conversation_id),
      message_id: text((m) => m.message_id),
      timestamp: vectorFromArray(messages.map((m) => Date.parse(m.timestamp)), new TimestampMillisecond()),
      role: text((m) => m.role),
      text: text((m) => m.text),
      customer_id: text((m) => m.customer_id),
      channel: text((m) => m.channel),
      agent_id: text((m) => m.agent_id),
      event: text((m) => m.event),
      event_value: vectorFromArray(messages.map((m) => m.event_value ?? null), new Float64()),
    });
    writeFileSync(file, tableToIPC(table, 'file'));
  },
};
