/** The analysis's rows as the repositories read and write them, and their conversions. */
import type { AnalysisRun } from '#contracts';

export interface PendingMessage {
  id: string;
  conversationId: string;
  text: string;
  sentAt: number;
  channel: string | null;
  source: string;
}

export interface DistinctText {
  hash: string;
  text: string;
  count: number;
  /** The conversation act its messages were found to be (null: none, or not yet analysed). */
  act: string | null;
  /** The bot version its intent was recognised against (null: not a bot intent). */
  botVersionId: number | null;
  /** The intent its messages carry now (null when not yet assigned). */
  intentId: number | null;
  /** Messages with this text that have no intent yet (new ones). */
  unassigned: number;
}

export interface SpaceRow {
  id: number;
  engine: string;
  modelId: string;
  dims: number;
  state: Buffer | null;
  projection: string | null;
  fittedOn: number;
}

export interface IntentRow {
  id: number;
  spaceId: number;
  label: string;
  customLabel: string | null;
  keywords: string[];
  examples: string[];
  size: number;
  centroid: Float32Array;
  x: number | null;
  y: number | null;
  status: 'active' | 'merged' | 'retired' | 'dismissed';
  mergedInto: number | null;
  locked: boolean;
  /**
   * `bot`: one of the bot's intents (botIntentId); `discovered`: a candidate among what the bot does not cover;
   * `accepted`: a candidate a manager named; `unclear`: the texts that fit no candidate (one such intent).
   */
  origin: 'bot' | 'discovered' | 'accepted' | 'unclear';
  botIntentId: number | null;
}

export type AnalysisRunRow = AnalysisRun;

/** Rows a multi-row statement writes at a time. */
export const ROWS = 400;

export function toVector(buf: Buffer | Uint8Array): Float32Array {
  const copy = Uint8Array.from(buf);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function encodeCentroid(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function decodeCentroid(text: string): Float32Array {
  return toVector(Buffer.from(text, 'base64'));
}

export function mapIntent(r: Record<string, unknown>): IntentRow {
  return {
    id: Number(r.id),
    spaceId: Number(r.space_id),
    label: String(r.label),
    customLabel: (r.custom_label as string | null) ?? null,
    keywords: JSON.parse(String(r.keywords)),
    examples: JSON.parse(String(r.examples)),
    size: Number(r.size),
    centroid: decodeCentroid(String(r.centroid)),
    x: r.x === null ? null : Number(r.x),
    y: r.y === null ? null : Number(r.y),
    status: r.status as IntentRow['status'],
    mergedInto: r.merged_into === null ? null : Number(r.merged_into),
    locked: Number(r.locked) === 1,
    origin: ((r.origin as string | undefined) ?? 'discovered') as IntentRow['origin'],
    botIntentId: r.bot_intent_id === null || r.bot_intent_id === undefined ? null : Number(r.bot_intent_id),
  };
}

export function mapRun(r: Record<string, unknown>): AnalysisRunRow {
  return {
    id: Number(r.id),
    status: String(r.status),
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    embeddingEngine: String(r.embedding_engine),
    embeddingModel: String(r.embedding_model),
    sentimentEngine: String(r.sentiment_engine),
    sentimentModel: String(r.sentiment_model),
    messagesAnalysed: Number(r.messages_analysed),
    textsEmbedded: Number(r.texts_embedded),
    cacheHits: Number(r.cache_hits),
    intents: Number(r.intents),
    reclustered: Number(r.reclustered) === 1,
    progress: Number(r.progress),
    stage: (r.stage as string | null) ?? null,
    error: (r.error as string | null) ?? null,
    owner: (r.owner as string | null) ?? null,
    jobId: (r.job_id as string | null) ?? null,
    heartbeatAt: r.heartbeat_at === null || r.heartbeat_at === undefined ? null : Number(r.heartbeat_at),
  };
}

const RUN_COLUMNS: Record<string, string> = {
  status: 'status', finishedAt: 'finished_at', messagesAnalysed: 'messages_analysed', textsEmbedded: 'texts_embedded', cacheHits: 'cache_hits',
  intents: 'intents', reclustered: 'reclustered', progress: 'progress', stage: 'stage', error: 'error', heartbeatAt: 'heartbeat_at',
};

/** `column = ?, …` and its parameters for the run fields given. */
export function runAssignments(fields: Partial<Omit<AnalysisRunRow, 'id'>>): { sql: string; params: unknown[] } {
  const entries = Object.entries(fields).filter(([k]) => RUN_COLUMNS[k]);
  return { sql: entries.map(([k]) => `${RUN_COLUMNS[k]} = ?`).join(', '), params: entries.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)) };
}

