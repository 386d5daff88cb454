import { DEFAULT_LEXICAL, deserializeLexical, embedLexical, fitLexical, lexicalCoverage, needsRefit, serializeLexical } from './lexical';

const corpus = [
  'my card has not arrived yet',
  'when will my new card arrive',
  'card still not delivered after two weeks',
  'the card i ordered never arrived',
  'i want a refund for my order',
  'refund not received for the returned item',
  'how long does a refund take',
  'where is my refund',
  '我的退款什么时候到账',
  '退款还没有到账',
];

describe('lexical engine', () => {
  const model = fitLexical(corpus, { dims: 6, seed: 3, minDf: 1, charWeight: 0.6 });
  const vectors = embedLexical(model, corpus);
  const cos = (a: number, b: number) => {
    let s = 0;
    for (let j = 0; j < 6; j++) s += vectors[a * 6 + j] * vectors[b * 6 + j];
    return s;
  };

  it('gives unit vectors of the fitted width', () => {
    expect(vectors.length).toBe(corpus.length * 6);
    for (let i = 0; i < corpus.length; i++) expect(cos(i, i)).toBeCloseTo(1, 4);
  });

  it('puts paraphrases of one intent closer than messages of another', () => {
    expect(cos(0, 1)).toBeGreaterThan(cos(0, 5));
    expect(cos(4, 7)).toBeGreaterThan(cos(4, 2));
    expect(cos(8, 9)).toBeGreaterThan(cos(8, 0));
  });

  it('is deterministic for a seed and embeds new text in the same space', () => {
    const again = embedLexical(fitLexical(corpus, { dims: 6, seed: 3, minDf: 1, charWeight: 0.6 }), corpus);
    expect(Array.from(again)).toEqual(Array.from(vectors));
    const [fresh] = [embedLexical(model, ['my card never arrived'])];
    let s = 0;
    for (let j = 0; j < 6; j++) s += fresh[j] * vectors[3 * 6 + j];
    expect(s).toBeGreaterThan(0.5);
  });

  it('survives a round trip through bytes', () => {
    const restored = deserializeLexical(serializeLexical(model));
    expect(Array.from(embedLexical(restored, corpus))).toEqual(Array.from(vectors));
  });

  it('reads a model from a Buffer that is a view into a shared pool (as the PostgreSQL driver returns small values)', () => {
    const small = fitLexical(['refund please', 'where is my parcel', 'refund not received', 'parcel lost'], { ...DEFAULT_LEXICAL, dims: 2 });
    const bytes = serializeLexical(small);
    const pool = Buffer.alloc(bytes.length + 4096, 7);
    Buffer.from(bytes).copy(pool, 1000);
    const view = pool.subarray(1000, 1000 + bytes.length);
    expect(Array.from(embedLexical(deserializeLexical(view), ['refund please']))).toEqual(Array.from(embedLexical(small, ['refund please'])));
  });

  it('reads a typo as the common word it misspells, also after a round trip through bytes', () => {
    const many = Array.from({ length: 12 }, (_, i) => [`where is my refund ${i}`, `my card has not arrived ${i}`]).flat();
    const typos = fitLexical([...many, 'where is my rfeund', 'my acrd has not arived'], { dims: 4, seed: 3, minDf: 1, charWeight: 0.6, typos: true });
    const plain = fitLexical([...many, 'where is my rfeund', 'my acrd has not arived'], { dims: 4, seed: 3, minDf: 1, charWeight: 0.6 });
    const similarity = (m: typeof typos, a: string, b: string) => {
      const v = embedLexical(m, [a, b]);
      return [0, 1, 2, 3].reduce((s, j) => s + v[j] * v[4 + j], 0);
    };
    expect(typos.common?.get('refund')).toBe(12);
    expect(similarity(typos, 'where is my rfeund', 'where is my refund')).toBeCloseTo(1, 5);
    expect(similarity(typos, 'my acrd has not arived', 'my card has not arrived')).toBeCloseTo(1, 5);
    expect(similarity(plain, 'where is my rfeund', 'where is my refund')).toBeLessThan(0.999);
    const restored = deserializeLexical(serializeLexical(typos));
    expect(restored.common).toEqual(typos.common);
    expect(Array.from(embedLexical(restored, ['my acrd has not arived']))).toEqual(Array.from(embedLexical(typos, ['my acrd has not arived'])));
  });

  it('tells how much of a text it can read, and when new texts need a space fitted again', () => {
    const english = fitLexical(corpus.slice(0, 8), { dims: 6, seed: 3, minDf: 1, charWeight: 0.6 });
    const [alike, chinese, empty] = lexicalCoverage(english, ['my refund has not arrived', '退款还没有到账', '']);
    expect(alike).toBeGreaterThan(0.8);
    expect(chinese).toBe(0);
    expect(empty).toBe(1);
    const newChinese = Array.from({ length: 12 }, (_, i) => `退款第${'一二三四五六七八九十壹贰'[i]}次还没有到账`);
    // Twelve unreadable texts among 100 need a new space; among 200 (under 10%) or when only 9 (under 10), not yet.
    expect(needsRefit(english, newChinese, 100)).toBe(true);
    expect(needsRefit(english, newChinese, 200)).toBe(false);
    expect(needsRefit(english, newChinese.slice(0, 9), 20)).toBe(false);
    expect(needsRefit(english, corpus.slice(0, 8), 8)).toBe(false);
  });
});
