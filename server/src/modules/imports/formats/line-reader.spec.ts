import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Line, readLines } from './line-reader';

const dir = mkdtempSync(path.join(tmpdir(), 'seam-lines-'));

async function lines(content: Buffer | string, maxRecordBytes = 1024): Promise<Line[]> {
  const file = path.join(dir, `f${Math.random()}`);
  writeFileSync(file, content);
  const out: Line[] = [];
  for await (const line of readLines({ path: file, fileName: 'f', maxRecordBytes, baseTime: 0 })) out.push(line);
  return out;
}

describe('readLines', () => {
  it('numbers lines, drops a BOM and CR, keeps a last line without a newline', async () => {
    expect(await lines('\uFEFFa\r\nb\n\nc')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: '' },
      { line: 4, text: 'c' },
    ]);
  });

  it('reports invalid UTF-8 on its own line only', async () => {
    const result = await lines(Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from('\nok again\n')]));
    expect(result[0]).toEqual({ line: 1, text: 'ok' });
    expect(result[1]).toMatchObject({ line: 2, error: 'invalid UTF-8' });
    expect(result[2]).toEqual({ line: 3, text: 'ok again' });
  });

  it('reports a line over the limit with its size, keeping only its start', async () => {
    const result = await lines(`short\n${'x'.repeat(5000)}\nafter\n`, 1000);
    expect(result[1]).toMatchObject({ line: 2, error: 'line is 5000 bytes, over the limit of 1000 (SEAM_MAX_RECORD_KB)' });
    expect(result[2]).toEqual({ line: 3, text: 'after' });
  });

  it('handles lines that span read chunks, multi-byte characters across the boundary included', async () => {
    const long = '退'.repeat(400_000);
    const result = await lines(`${long}\nend\n`, 4 * 1024 * 1024);
    expect(result).toEqual([
      { line: 1, text: long },
      { line: 2, text: 'end' },
    ]);
    const over = await lines(`a\n${'y'.repeat(3 * 1024 * 1024)}\nb\n`, 1024 * 1024);
    expect(over.map((l) => ('error' in l ? `${l.line}:error` : `${l.line}:${l.text}`))).toEqual(['1:a', '2:error', '3:b']);
  });
});
