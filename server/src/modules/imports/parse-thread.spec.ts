import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { DEFAULT_HANDOFF, FormatName } from './formats/format.types';
import { ParsedBatch } from './import-batch';
import { ParseThread } from './parse-thread';

describe('the parse thread of an import', () => {
  let dir: string;
  const thread = new ParseThread();

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'seam-parse-'));
  });
  afterAll(async () => {
    await thread.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, lines: string[]) => {
    const p = path.join(dir, name);
    writeFileSync(p, lines.join('\n'));
    return p;
  };
  const messages = (conversation: string, n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ conversation_id: conversation, message_id: `m${i}`, timestamp: new Date(Date.UTC(2024, 0, 1, 9, 0, i)).toISOString(), role: i % 2 ? 'bot' : 'customer', text: `message ${i} to jane@example.com` }));
  const job = (p: string, batchSize: number, format: FormatName = 'jsonl') => ({
    path: p,
    format,
    wrapped: false,
    baseTime: 0,
    handoff: DEFAULT_HANDOFF,
    settings: { batchSize, redactPatterns: [{ name: 'EMAIL', pattern: /[\w.]+@[\w.]+\w/g }], source: 's', recordSources: false, fileName: path.basename(p), maxRecordBytes: 1 << 20 },
  });

  it('hands over the file in batches, redacted, each with how far the parse had come', async () => {
    const batches: ParsedBatch[] = [];
    for await (const b of thread.batches(job(file('a.jsonl', [...messages('c1', 7), 'not json']), 3))) batches.push(b);
    expect(batches.map((b) => [b.rows.messages.length, b.rows.rejects.length])).toEqual([
      [3, 0],
      [3, 0],
      [1, 1],
    ]);
    expect(batches.map((b) => [b.recordsRead, b.accepted])).toEqual([
      [3, 3],
      [6, 6],
      [8, 7],
    ]);
    expect(batches.flatMap((b) => b.rows.messages.map((m) => m.text))).toEqual(Array.from({ length: 7 }, (_, i) => `message ${i} to <EMAIL>`));
    expect(batches[2].redactions).toEqual({ EMAIL: 7 });
    expect(batches[2].rows.rejects[0]).toMatchObject({ line: 8, reason: expect.stringMatching(/^malformed JSON/) });
  });

  it('throws what made a file unreadable as the parse raised it', async () => {
    const read = async () => {
      for await (const b of thread.batches(job(file('b.csv', ['name,age', 'jane,40']), 10, 'csv'))) void b;
    };
    const err = await read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SeamException);
    expect((err as SeamException).code).toBe(SeamErrorCode.BadFile);
    expect((err as SeamException).message).toMatch(/^b\.csv line 1: the header has no column for/);
  });

  it('stops when the writer gives up, and parses the next file whole', async () => {
    const big = file('c.jsonl', messages('c2', 500));
    for await (const b of thread.batches(job(big, 10))) {
      expect(b.rows.messages).toHaveLength(10);
      break;
    }
    let total = 0;
    for await (const b of thread.batches(job(file('d.jsonl', messages('c3', 25)), 10))) total += b.rows.messages.length;
    expect(total).toBe(25);
  });
});
