import { readFileSync } from 'node:fs';
import { EnglishLexicon, lexiconSentiment, labelOf, SentimentResult } from '../../../../analytics/src';

/** Turns texts into unit vectors. `engine` and `modelId` are shown next to every number they produce. */
export interface EmbeddingEngine {
  readonly engine: 'lexical' | 'transformer';
  readonly modelId: string;
  embed(texts: string[]): Promise<Float32Array>;
}

export interface SentimentEngine {
  readonly engine: 'lexicon' | 'transformer';
  readonly modelId: string;
  score(texts: string[]): Promise<SentimentResult[]>;
}

type Transformers = typeof import('@huggingface/transformers');

/** Loads transformers.js for local files only: nothing is ever fetched at run time. */
export function transformersFor(modelsDir: string): Transformers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const t: Transformers = require('@huggingface/transformers');
  t.env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
  t.env.allowLocalModels = true;
  t.env.allowRemoteModels = false;
  return t;
}

const BATCH = 32;

interface Encoded {
  input_ids: { data: BigInt64Array; dims: number[] };
  attention_mask: { data: BigInt64Array; dims: number[] };
}

/** Mean of the token vectors under the attention mask, scaled to unit length: one row per text. */
export function meanPool(hidden: Float32Array, dims: number[], mask: BigInt64Array): Float32Array {
  const [b, seq, h] = dims;
  const out = new Float32Array(b * h);
  for (let i = 0; i < b; i++) {
    let n = 0;
    for (let s = 0; s < seq; s++) {
      if (mask[i * seq + s] === 0n) continue;
      n++;
      const base = (i * seq + s) * h;
      for (let j = 0; j < h; j++) out[i * h + j] += hidden[base + j];
    }
    let norm = 0;
    for (let j = 0; j < h; j++) norm += (out[i * h + j] /= n || 1) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < h; j++) out[i * h + j] /= norm;
  }
  return out;
}

/** The first (CLS) token's vector, scaled to unit length: one row per text. */
export function clsPool(hidden: Float32Array, dims: number[]): Float32Array {
  const [b, seq, h] = dims;
  const out = new Float32Array(b * h);
  for (let i = 0; i < b; i++) {
    let norm = 0;
    for (let j = 0; j < h; j++) norm += (out[i * h + j] = hidden[i * seq * h + j]) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < h; j++) out[i * h + j] /= norm;
  }
  return out;
}

export interface EmbeddingUse {
  pooling: 'mean' | 'cls';
  /** Put before every text, as the model's card says (E5: "query: "). */
  prefix: string;
}

/**
 * How a model is meant to be used: its sentence-transformers pooling (`1_Pooling/config.json`: CLS for BGE/GTE-style
 * models, mean otherwise) and the input prefix its family documents (E5 models read "query: " before a text).
 */
export function embeddingUse(modelDir: string, modelId: string): EmbeddingUse {
  let pooling: EmbeddingUse['pooling'] = 'mean';
  try {
    const config = JSON.parse(readFileSync(`${modelDir}/1_Pooling/config.json`, 'utf8')) as { pooling_mode_cls_token?: boolean; pooling_mode_mean_tokens?: boolean };
    if (config.pooling_mode_cls_token && !config.pooling_mode_mean_tokens) pooling = 'cls';
  } catch {
    // No pooling file: mean pooling, the sentence-transformers default.
  }
  return { pooling, prefix: /(^|[/_-])e5([_-]|$)/i.test(modelId) ? 'query: ' : '' };
}

/**
 * A sentence-embedding model through transformers.js (its tokenizer and ONNX model loading), pooled as the model
 * is meant to be (embeddingUse) in one pass: the pipeline's generic tensor pooling costs more than the model on
 * small models.
 */
export class TransformerEmbedding implements EmbeddingEngine {
  readonly engine = 'transformer' as const;

  private constructor(
    readonly modelId: string,
    private readonly tokenizer: (texts: string[], options: object) => Encoded,
    private readonly model: (inputs: Encoded) => Promise<Record<string, { data: Float32Array; dims: number[] }>>,
    readonly use: EmbeddingUse,
  ) {}

  static async load(modelsDir: string, modelId: string, dtype: 'fp32' | 'q8'): Promise<TransformerEmbedding> {
    const t = transformersFor(modelsDir);
    const tokenizer = await t.AutoTokenizer.from_pretrained(modelId, { local_files_only: true });
    const model = await t.AutoModel.from_pretrained(modelId, { dtype, local_files_only: true });
    return new TransformerEmbedding(modelId, tokenizer as never, ((inputs: Encoded) => model(inputs)) as never, embeddingUse(`${modelsDir}/${modelId}`, modelId));
  }

  async embed(texts: string[]): Promise<Float32Array> {
    const parts: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const encoded = this.tokenizer(texts.slice(i, i + BATCH).map((t) => this.use.prefix + t), { padding: true, truncation: true });
      const out = await this.model(encoded);
      const hidden = out.last_hidden_state ?? out.token_embeddings ?? Object.values(out)[0];
      parts.push(this.use.pooling === 'cls' ? clsPool(hidden.data, hidden.dims) : meanPool(hidden.data, hidden.dims, encoded.attention_mask.data));
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const all = new Float32Array(total);
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    return all;
  }
}

/** A sentiment classifier through transformers.js; the score is P(positive) − P(negative), or the star rating mapped to [-1, 1]. */
export class TransformerSentiment implements SentimentEngine {
  readonly engine = 'transformer' as const;

  private constructor(
    readonly modelId: string,
    private readonly classifier: (texts: string[], options: object) => Promise<{ label: string; score: number }[][]>,
  ) {}

  static async load(modelsDir: string, modelId: string, dtype: 'fp32' | 'q8'): Promise<TransformerSentiment> {
    const t = transformersFor(modelsDir);
    const classifier = await t.pipeline('text-classification', modelId, { dtype, local_files_only: true });
    return new TransformerSentiment(modelId, classifier as never);
  }

  async score(texts: string[]): Promise<SentimentResult[]> {
    const out: SentimentResult[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const raw = await this.classifier(batch, { top_k: null });
      const rows = batch.length === 1 && !Array.isArray(raw[0]) ? [raw as unknown as { label: string; score: number }[]] : raw;
      for (const labels of rows) {
        const score = scoreFromLabels(labels);
        out.push({ score, label: labelOf(score, 0.2) });
      }
    }
    return out;
  }
}

export function scoreFromLabels(labels: { label: string; score: number }[]): number {
  const stars = labels.map((l) => /^(\d)\s*stars?$/i.exec(l.label.trim())).filter(Boolean);
  if (stars.length === labels.length && labels.length > 1) {
    const expected = labels.reduce((s, l) => s + Number(/^(\d)/.exec(l.label)![1]) * l.score, 0);
    const max = Math.max(...labels.map((l) => Number(/^(\d)/.exec(l.label)![1])));
    return ((expected - 1) / (max - 1)) * 2 - 1;
  }
  let pos = 0;
  let neg = 0;
  for (const l of labels) {
    const name = l.label.toLowerCase();
    if (name.startsWith('pos') || name === 'label_2') pos += l.score;
    else if (name.startsWith('neg') || name === 'label_0') neg += l.score;
  }
  return Math.max(-1, Math.min(1, pos - neg));
}

/**
 * The English lexicons the lexicon engine reads: VADER (its package), AFINN-165 (the `sentiment` package) and
 * Hu & Liu's opinion words (the `opinion-lexicon` package; a polarity without a strength, so ±1, and only for
 * words the graded lexicons lack).
 */
export function loadEnglishLexicon(): EnglishLexicon {
  const valence = new Map<string, number>();
  const vader = readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8');
  for (const line of vader.split('\n')) {
    const [word, value] = line.split('\t');
    if (word && value !== undefined) valence.set(word, Number(value));
  }
  const afinn = JSON.parse(readFileSync(require.resolve('sentiment/languages/en/labels.json'), 'utf8')) as Record<string, number>;
  for (const [word, value] of Object.entries(afinn)) if (!valence.has(word)) valence.set(word, value * 0.8);
  for (const [file, value] of [['positiveWords', 1], ['negativeWords', -1]] as const) {
    const words = require(`opinion-lexicon/lib/${file}.js`) as string[];
    for (const word of words) if (!valence.has(word)) valence.set(word, value);
  }
  return { valence };
}

export class LexiconSentiment implements SentimentEngine {
  readonly engine = 'lexicon' as const;
  readonly modelId = 'seam-lexicon-v1';

  constructor(private readonly lexicon: EnglishLexicon = loadEnglishLexicon()) {}

  async score(texts: string[]): Promise<SentimentResult[]> {
    return texts.map((t) => lexiconSentiment(t, this.lexicon));
  }
}
