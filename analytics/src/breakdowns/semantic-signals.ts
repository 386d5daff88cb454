/**
 * What a sentence-embedding model adds to two detectors: how close each customer turn is to asking for a person
 * (however it is phrased, in whatever language the model knows), and which earlier turn of the same conversation
 * it repeats in other words. Computed by the analysis when a transformer model is installed; the detectors
 * compare the scores with thresholds (docs/metrics.md).
 */

/**
 * Ways customers ask for a person, embedded with the installed model; a turn's human-request similarity is its
 * cosine to the nearest. Deliberately varied in wording (the phrase lists catch the fixed forms), in English and
 * Chinese; a multilingual model carries them to other languages.
 */
export const HUMAN_REQUEST_EXAMPLES: string[] = [
  'I want to talk to a real person',
  'can I speak to someone from your team',
  'let me chat with a member of staff please',
  'is there anybody there who is not a robot',
  'you are a bot, I need a human to help me',
  'please pass me on to customer service',
  'stop the automated replies and get me an agent',
  'can a person call me back',
  'I would like to be transferred to an advisor',
  'this bot is useless, connect me with someone who can actually help',
  '我要转人工',
  '帮我找一个真人客服',
  '能不能让人工客服来处理',
  '机器人听不懂，我要跟人说话',
  '请安排客服人员联系我',
];

/** One customer turn of a conversation, in order, with its text's vector. */
export interface EmbeddedTurn {
  id: string;
  vector: Float32Array;
}

export interface SemanticSignal {
  id: string;
  /** Cosine to the nearest human-request example, in [-1, 1]. */
  humanSimilarity: number;
  /** The earlier turn of the same conversation closest to this one (null for the first turn). */
  repeatOf: string | null;
  repeatSimilarity: number | null;
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  const out = new Float32Array(v.length);
  if (n === 0) return out;
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * s;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Unit-length copies of the human-request examples' vectors, computed once per run. */
export function humanRequestPrototypes(vectors: Float32Array[]): Float32Array[] {
  return vectors.map(unit);
}

/** The signals of each turn of one conversation (turns in order). */
export function semanticSignals(turns: EmbeddedTurn[], prototypes: Float32Array[]): SemanticSignal[] {
  const units = turns.map((t) => unit(t.vector));
  return turns.map((turn, j) => {
    let humanSimilarity = -1;
    for (const p of prototypes) humanSimilarity = Math.max(humanSimilarity, dot(units[j], p));
    let repeatOf: string | null = null;
    let repeatSimilarity: number | null = null;
    for (let i = 0; i < j; i++) {
      const s = dot(units[i], units[j]);
      if (repeatSimilarity === null || s > repeatSimilarity) {
        repeatSimilarity = s;
        repeatOf = turns[i].id;
      }
    }
    return { id: turn.id, humanSimilarity, repeatOf, repeatSimilarity };
  });
}
