import { csvRecords, sniffDelimiter, splitFields } from './csv';
import type { Line } from './line-reader';

async function* from(lines: string[]): AsyncGenerator<Line> {
  let n = 1;
  for (const text of lines) yield { line: n++, text };
}

describe('CSV', () => {
  it('splits quoted fields with separators and doubled quotes', () => {
    expect(splitFields('a,"b,c","say ""hi""",', ',')).toEqual({ fields: ['a', 'b,c', 'say "hi"', ''], open: false });
    expect(splitFields('a,"open', ',').open).toBe(true);
  });

  it('sniffs the separator from the header', () => {
    expect(sniffDelimiter('a;b;c')).toBe(';');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('a,b;c,d')).toBe(',');
  });

  it('joins a quoted field across lines and reports the record at its first line', async () => {
    const out = [];
    for await (const r of csvRecords(from(['x,"one', 'two",y', 'p,q']), ',', 1000)) out.push(r);
    expect(out).toEqual([
      { line: 1, fields: ['x', 'one\ntwo', 'y'], raw: 'x,"one\ntwo",y' },
      { line: 3, fields: ['p', 'q'], raw: 'p,q' },
    ]);
  });

  it('reports a quote that never closes', async () => {
    const out = [];
    for await (const r of csvRecords(from(['a,b', 'x,"never', 'closes']), ',', 1000)) out.push(r);
    expect(out[1]).toEqual({ line: 2, error: 'quoted field is not closed at the end of the file', raw: 'x,"never\ncloses' });
  });
});
