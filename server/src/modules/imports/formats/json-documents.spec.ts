import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { htmlToText, jsonDocuments } from './json-documents';

const dir = mkdtempSync(path.join(tmpdir(), 'seam-docs-'));

async function read(content: string, key?: string) {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, content);
  const out: unknown[] = [];
  for await (const item of jsonDocuments({ path: file, fileName: 'f', maxRecordBytes: 1 << 20, baseTime: 0 }, key)) {
    out.push(item.kind === 'document' ? [item.doc.line, item.doc.location, item.doc.value] : ['reject', item.line, item.reason]);
  }
  return out;
}

describe("a platform export's JSON documents", () => {
  it('reads an array, JSON Lines, one object, and the elements of a page key', async () => {
    expect(await read('[{"a":1},{"a":2}]')).toEqual([[1, '[0]', { a: 1 }], [2, '[1]', { a: 2 }]]);
    expect(await read('{"a":1}\n\n{"a":2}\n')).toEqual([[1, 'line 1', { a: 1 }], [3, 'line 3', { a: 2 }]]);
    expect(await read('{\n  "a": 1\n}')).toEqual([[1, '$', { a: 1 }]]);
    expect(await read('{\n "type": "conversation.list",\n "conversations": [{"id":"1"},{"id":"2"}]\n}', 'conversations')).toEqual([
      [1, 'conversations[0]', { id: '1' }],
      [2, 'conversations[1]', { id: '2' }],
    ]);
    // A page on one line of JSON Lines: its elements, at that line.
    expect(await read('{"conversations":[{"id":"1"},{"id":"2"}]}\n', 'conversations')).toEqual([
      [1, 'conversations[0]', { id: '1' }],
      [1, 'conversations[1]', { id: '2' }],
    ]);
    // Without the key, the object itself.
    expect(await read('{\n "type": "conversation",\n "id": "9"\n}', 'conversations')).toEqual([[1, '$', { type: 'conversation', id: '9' }]]);
  });

  it('tells JSON Lines whose first line is longer than the head from one large object', async () => {
    const big = JSON.stringify({ id: 'x', body: 'y'.repeat(100_000) });
    const docs = await read(`${big}\n{"id":"z"}\n`);
    expect(docs.map((d) => (d as unknown[])[1])).toEqual(['line 1', 'line 2']);
  });

  it("reads CloudWatch's export (a time before each entry) and CSV with a header; a malformed line is a rejected row", async () => {
    expect(await read('2024-04-10T09:00:02.382Z {"sessionId":"s"}\n2024-04-10T09:00:03Z {"sessionId":"t"}\n')).toEqual([
      [1, 'line 1', { sessionId: 's' }],
      [2, 'line 2', { sessionId: 't' }],
    ]);
    expect(await read('conversation_name,turn_position\nprojects/p/sessions/s,1\n')).toEqual([[2, 'line 2', { conversation_name: 'projects/p/sessions/s', turn_position: '1' }]]);
    const docs = await read('{"a":1}\n{"a":\n');
    expect(docs[1]).toEqual(['reject', 2, expect.stringMatching(/malformed JSON/)]);
  });

  it('turns an HTML body into the text a customer read', () => {
    expect(htmlToText('<p>Go to <b>Settings &gt; Export</b></p><p>then&nbsp;CSV&#39;s</p>')).toBe("Go to Settings > Export\nthen CSV's");
  });
});
