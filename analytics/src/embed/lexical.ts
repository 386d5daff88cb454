import { orthonormalizeColumns, symmetricEigen } from '../linalg/dense';
import { rng } from '../random';
import { charNgrams, isHan, words } from '../text/tokenize';
import { knownWords, typoCorrector } from '../text/typos';

/**
 * Seam's lexical engine: TF-IDF over word unigrams and bigrams and character n-grams, hashed into a
 * fixed feature space, then reduced to `dims` dense dimensions by a randomized SVD (LSA) fitted on the
 * corpus. The fitted model (idf and projection) is kept, so later texts land in the same space.
 */
export interface LexicalOptions {
  dims: number;
  seed: number;
  /** Features seen in fewer documents than this are dropped (typos of one message do not become axes). */
  minDf: number;
  /** Weight of the character n-gram family against the word family. */
  charWeight: number;
  /** Read a rare word one edit from a common word of the corpus as that word (text/typos.ts). Models fitted before it existed have it off. */
  typos?: boolean;
}

export const DEFAULT_LEXICAL: LexicalOptions = { dims: 128, seed: 1, minDf: 2, charWeight: 0.6, typos: true };

export interface SparseVector {
  idx: Uint32Array;
  val: Float32Array;
}

export interface LexicalModel {
  engine: 'lexical';
  options: LexicalOptions;
  /** Feature hash → column of the projection. */
  columns: Map<number, number>;
  idf: Float32Array;
  /** columns × dims, row-major: a document's embedding is its TF-IDF row times this. */
  projection: Float32Array;
  /** With `typos`: the corpus's known words and their document frequencies (text/typos.ts knownWords), what typos are corrected to. */
  common?: Map<string, number>;
}

function fnv1a(text: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Raw term counts of one text: word family (salt 1) and character family (salt 2), scaled by the family weight;
 * words through `correct` when given.
 */
export function termCounts(text: string, charWeight: number, correct?: (word: string) => string): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (key: string, salt: number, w: number) => {
    const h = fnv1a(key, salt);
    counts.set(h, (counts.get(h) ?? 0) + w);
  };
  const ws = words(text, { correct });
  for (let i = 0; i < ws.length; i++) {
    add(ws[i], 1, 1);
    if (i + 1 < ws.length) add(`${ws[i]} ${ws[i + 1]}`, 1, 1);
    const grams = isHan(ws[i]) ? charNgrams(ws[i], 1, 2) : ws[i].length > 2 ? charNgrams(ws[i], 3, 5) : [];
    for (const g of grams) add(g, 2, charWeight);
  }
  return counts;
}

function tfidfRow(counts: Map<number, number>, columns: Map<number, number>, idf: Float32Array): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [h, c] of counts) {
    const col = columns.get(h);
    if (col === undefined) continue;
    const w = (1 + Math.log(c)) * idf[col];
    idx.push(col);
    val.push(w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  return { idx: Uint32Array.from(idx), val: Float32Array.from(val, (v) => v / norm) };
}

function gaussian(rand: () => number): number {
  const u = rand() || 1e-12;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Fits idf and the LSA projection on a corpus (one power iteration of randomized SVD). */
export function fitLexical(texts: string[], options: LexicalOptions = DEFAULT_LEXICAL): LexicalModel {
  const common = options.typos ? corpusWords(texts) : undefined;
  const correct = common && typoCorrector(common);
  const docs = texts.map((t) => termCounts(t, options.charWeight, correct));
  const df = new Map<number, number>();
  for (const d of docs) for (const h of d.keys()) df.set(h, (df.get(h) ?? 0) + 1);
  const columns = new Map<number, number>();
  for (const [h, n] of df) if (n >= options.minDf) columns.set(h, columns.size);
  const idf = new Float32Array(columns.size);
  for (const [h, col] of columns) idf[col] = Math.log((1 + docs.length) / (1 + df.get(h)!)) + 1;
  const rows = docs.map((d) => tfidfRow(d, columns, idf));

  const n = rows.length;
  const f = columns.size;
  const k = Math.min(options.dims, Math.max(1, Math.min(n, f) - 1));
  const l = Math.min(k + 10, Math.min(n, f));
  const rand = rng(options.seed);
  // Y = A Ω, with Ω (f×l) Gaussian.
  const omega = new Float32Array(f * l);
  for (let i = 0; i < omega.length; i++) omega[i] = gaussian(rand);
  const y = multiplyRows(rows, omega, l, n);
  // One power iteration: Y = A (Aᵀ Y), orthonormalising in between.
  orthonormalizeColumns(y, n, l);
  const z0 = multiplyTransposed(rows, y, l, f);
  const y2 = multiplyRows(rows, Float32Array.from(z0), l, n);
  orthonormalizeColumns(y2, n, l);
  // Z = Aᵀ Q (f×l); B Bᵀ = Zᵀ Z (l×l).
  const z = multiplyTransposed(rows, y2, l, f);
  const gram = new Float64Array(l * l);
  for (let r = 0; r < f; r++) {
    const base = r * l;
    for (let a = 0; a < l; a++) {
      const za = z[base + a];
      if (za === 0) continue;
      for (let b = a; b < l; b++) gram[a * l + b] += za * z[base + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) gram[a * l + b] = gram[b * l + a];
  const { values, vectors } = symmetricEigen(gram, l);
  // V_k = Z Û Σ⁻¹ (f×k): a document's embedding a·V_k is its row of U Σ.
  const projection = new Float32Array(f * k);
  const inv = Float64Array.from({ length: k }, (_, j) => (values[j] > 1e-12 ? 1 / Math.sqrt(values[j]) : 0));
  for (let r = 0; r < f; r++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let a = 0; a < l; a++) s += z[r * l + a] * vectors[a * l + j];
      projection[r * k + j] = s * inv[j];
    }
  }
  return { engine: 'lexical', options: { ...options, dims: k }, columns, idf, projection, ...(common && { common }) };
}

/** The known words of a corpus (stop words included: a typo of one is one too). */
function corpusWords(texts: string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const t of texts) for (const w of new Set(words(t, { stopwords: true }))) df.set(w, (df.get(w) ?? 0) + 1);
  return knownWords(df);
}

function multiplyRows(rows: SparseVector[], dense: Float32Array, width: number, n: number): Float64Array {
  const out = new Float64Array(n * width);
  rows.forEach((row, i) => {
    const base = i * width;
    for (let t = 0; t < row.idx.length; t++) {
      const off = row.idx[t] * width;
      const v = row.val[t];
      for (let j = 0; j < width; j++) out[base + j] += v * dense[off + j];
    }
  });
  return out;
}

function multiplyTransposed(rows: SparseVector[], dense: Float64Array, width: number, f: number): Float64Array {
  const out = new Float64Array(f * width);
  rows.forEach((row, i) => {
    const base = i * width;
    for (let t = 0; t < row.idx.length; t++) {
      const off = row.idx[t] * width;
      const v = row.val[t];
      for (let j = 0; j < width; j++) out[off + j] += v * dense[base + j];
    }
  });
  return out;
}

/** Embeds texts with a fitted model: unit-length vectors of `dims` floats, one row per text. */
export function embedLexical(model: LexicalModel, texts: string[]): Float32Array {
  const k = model.options.dims;
  const out = new Float32Array(texts.length * k);
  const correct = model.common && typoCorrector(model.common);
  texts.forEach((text, i) => {
    const row = tfidfRow(termCounts(text, model.options.charWeight, correct), model.columns, model.idf);
    const base = i * k;
    for (let t = 0; t < row.idx.length; t++) {
      const off = row.idx[t] * k;
      const v = row.val[t];
      for (let j = 0; j < k; j++) out[base + j] += v * model.projection[off + j];
    }
    let norm = 0;
    for (let j = 0; j < k; j++) norm += out[base + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < k; j++) out[base + j] /= norm;
  });
  return out;
}

/**
 * Share of each text's features (by weight) the model has an axis for: near 1 for a text like those it was fitted on,
 * near 0 for one in a language or script it never saw (its vector is then made of the few features it shares).
 */
export function lexicalCoverage(model: LexicalModel, texts: string[]): number[] {
  const correct = model.common && typoCorrector(model.common);
  return texts.map((text) => {
    let known = 0;
    let total = 0;
    for (const [h, c] of termCounts(text, model.options.charWeight, correct)) {
      total += c;
      if (model.columns.has(h)) known += c;
    }
    return total === 0 ? 1 : known / total;
  });
}

/** A text the space reads less than this share of (lexicalCoverage) is one it cannot place. */
export const UNREADABLE_COVERAGE = 0.5;
const MIN_UNREADABLE = 10;

/**
 * Whether the space must be fitted again for `newTexts` (those it has no vector for yet): when they hold at least
 * MIN_UNREADABLE texts it cannot read, and those are at least `share` of all `total` texts — customers began writing
 * in another language, or about a product whose words it never saw. Each refit costs a full re-embedding and
 * re-clustering; a few such texts wait for the corpus to grow.
 */
export function needsRefit(model: LexicalModel, newTexts: string[], total: number, share = 0.1): boolean {
  const unreadable = lexicalCoverage(model, newTexts).filter((c) => c < UNREADABLE_COVERAGE).length;
  return unreadable >= MIN_UNREADABLE && unreadable >= share * total;
}

/** The fitted model as bytes (a JSON header, then feature hashes, idf and projection), to keep it between runs. */
export function serializeLexical(model: LexicalModel): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ options: model.options, features: model.columns.size, ...(model.common && { common: [...model.common] }) }));
  const hashes = new Uint32Array(model.columns.size);
  for (const [h, col] of model.columns) hashes[col] = h;
  const parts = [new Uint32Array([header.length]), header, hashes, model.idf, model.projection];
  const pad = (n: number) => (4 - (n % 4)) % 4;
  const total = 4 + header.length + pad(header.length) + hashes.byteLength + model.idf.byteLength + model.projection.byteLength;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    const bytes = p instanceof Uint8Array ? p : new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
    out.set(bytes, off);
    off += bytes.length;
    if (p === header) off += pad(header.length);
  }
  return out;
}

export function deserializeLexical(bytes: Uint8Array): LexicalModel {
  // A copy of its own: a small Node Buffer (as the PostgreSQL driver returns) is a view into a shared pool, and its
  // `.slice()` is another view of that pool.
  const buf = new Uint8Array(bytes).buffer;
  const headerLength = new Uint32Array(buf, 0, 1)[0];
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, headerLength))) as { options: LexicalOptions; features: number; common?: [string, number][] };
  let off = 4 + headerLength + ((4 - (headerLength % 4)) % 4);
  const hashes = new Uint32Array(buf, off, header.features);
  off += hashes.byteLength;
  const idf = new Float32Array(buf, off, header.features);
  off += idf.byteLength;
  const projection = new Float32Array(buf, off, header.features * header.options.dims);
  const columns = new Map<number, number>();
  hashes.forEach((h, col) => columns.set(h, col));
  return { engine: 'lexical', options: header.options, columns, idf, projection, ...(header.common && { common: new Map(header.common) }) };
}
