import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SemanticSignal } from '../../../../analytics/src';
import { transaction } from '../../database/transaction';
import { ANALYSED_TEXT, returnedRows } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';

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
  status: 'active' | 'merged' | 'retired';
  mergedInto: number | null;
  locked: boolean;
}

export interface AnalysisRunRow {
  id: number;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  embeddingEngine: string;
  embeddingModel: string;
  sentimentEngine: string;
  sentimentModel: string;
  messagesAnalysed: number;
  textsEmbedded: number;
  cacheHits: number;
  intents: number;
  reclustered: boolean;
  progress: number;
  stage: string | null;
  error: string | null;
  /** `host:pid` of the process running it, its queue job (with workers), and when it last said it was alive. */
  owner: string | null;
  jobId: string | null;
  heartbeatAt: number | null;
}

const ROWS = 400;

function toVector(buf: Buffer | Uint8Array): Float32Array {
  const copy = Uint8Array.from(buf);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export function encodeCentroid(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function decodeCentroid(text: string): Float32Array {
  return toVector(Buffer.from(text, 'base64'));
}

function mapIntent(r: Record<string, unknown>): IntentRow {
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
  };
}

function mapRun(r: Record<string, unknown>): AnalysisRunRow {
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
function runAssignments(fields: Partial<Omit<AnalysisRunRow, 'id'>>): { sql: string; params: unknown[] } {
  const entries = Object.entries(fields).filter(([k]) => RUN_COLUMNS[k]);
  return { sql: entries.map(([k]) => `${RUN_COLUMNS[k]} = ?`).join(', '), params: entries.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)) };
}

/** All SQL of the analysis: cached vectors, intents, per-message and per-conversation results. */
@Injectable()
export class AnalysisRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }


  async createRun(run: Omit<AnalysisRunRow, 'id' | 'finishedAt' | 'messagesAnalysed' | 'textsEmbedded' | 'cacheHits' | 'intents' | 'reclustered' | 'progress' | 'stage' | 'error' | 'heartbeatAt'>): Promise<number> {
    const rows = await this.q<{ id: number }>(
      `INSERT INTO analysis_runs (status, started_at, heartbeat_at, owner, job_id, embedding_engine, embedding_model, sentiment_engine, sentiment_model) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id`,
      [run.status, run.startedAt, run.startedAt, run.owner, run.jobId, run.embeddingEngine, run.embeddingModel, run.sentimentEngine, run.sentimentModel],
    );
    return Number(rows[0].id);
  }

  /** Records the run's progress and that it is alive; false when it is no longer running (another process took it as dead). */
  async heartbeat(id: number, fields: Partial<Omit<AnalysisRunRow, 'id'>> = {}): Promise<boolean> {
    const set = runAssignments({ ...fields, heartbeatAt: Date.now() });
    const result = await this.q(`UPDATE analysis_runs SET ${set.sql} WHERE id = ? AND status = 'running' RETURNING id`, [...set.params, id]);
    return returnedRows(this.engine, result).length > 0;
  }


  /** Fails the runs silent since `before` (their process died), each once however many processes ask. */
  async failSilentRuns(before: number, error: string): Promise<{ id: number; jobId: string | null; owner: string | null }[]> {
    const result = await this.q(
      `UPDATE analysis_runs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running' AND COALESCE(heartbeat_at, started_at) < ? RETURNING id, job_id, owner`,
      [Date.now(), error, before],
    );
    return returnedRows<{ id: number; job_id: string | null; owner: string | null }>(this.engine, result).map((r) => ({ id: Number(r.id), jobId: r.job_id, owner: r.owner }));
  }

  async updateRun(id: number, fields: Partial<Omit<AnalysisRunRow, 'id'>>): Promise<void> {
    const set = runAssignments(fields);
    if (set.params.length > 0) await this.q(`UPDATE analysis_runs SET ${set.sql} WHERE id = ?`, [...set.params, id]);
  }


  async latestRuns(limit: number): Promise<AnalysisRunRow[]> {
    return (await this.q(`SELECT * FROM analysis_runs ORDER BY id DESC LIMIT ?`, [limit])).map(mapRun);
  }

  /** The latest run a queue job made. */
  async runOfJob(jobId: string): Promise<AnalysisRunRow | null> {
    const [r] = await this.q(`SELECT * FROM analysis_runs WHERE job_id = ? ORDER BY id DESC LIMIT 1`, [jobId]);
    return r ? mapRun(r) : null;
  }

  async lastCompletedRun(): Promise<AnalysisRunRow | null> {
    const rows = await this.q(`SELECT * FROM analysis_runs WHERE status = 'completed' ORDER BY id DESC LIMIT 1`);
    return rows[0] ? mapRun(rows[0]) : null;
  }

  /** Marks runs left `running` by a process that died as failed. */
  async failStaleRuns(): Promise<void> {
    await this.q(`UPDATE analysis_runs SET status = 'failed', error = 'the analysing process stopped before the end', finished_at = ? WHERE status = 'running'`, [Date.now()]);
  }

  /** Customer messages that no analysis has seen yet, in pages (only complete imports have messages). */
  async pendingCustomerMessages(afterId: string, limit: number, untilId?: string): Promise<PendingMessage[]> {
    const rows = await this.q<PendingMessage>(
      `SELECT m.id AS "id", m.conversation_id AS "conversationId", ${ANALYSED_TEXT} AS "text", m.sent_at AS "sentAt", c.channel AS "channel", c.source AS "source"
       FROM messages m
       JOIN conversations c ON c.id = m.conversation_id
       LEFT JOIN message_analysis a ON a.message_id = m.id
       WHERE m.role = 'customer' AND c.visible = 1 AND a.message_id IS NULL AND m.text <> '' AND m.id > ?${untilId === undefined ? '' : ' AND m.id <= ?'}
       ORDER BY m.id LIMIT ?`,
      untilId === undefined ? [afterId, limit] : [afterId, untilId, limit],
    );
    return rows.map((r) => ({ ...r, sentAt: Number(r.sentAt) }));
  }

  /** Stores the analysis of new messages; one analysed already (by another worker) is left as it is. Returns how many were stored. */
  async insertMessageAnalysis(rows: { message: PendingMessage; textHash: string; sentiment: number; label: string }[], runId: number): Promise<number> {
    return transaction(this.ds, async (em) => {
      let stored = 0;
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        const inserted = await this.q(
          `INSERT INTO message_analysis (message_id, conversation_id, sent_at, channel, source, text_hash, sentiment, sentiment_label, analysis_run_id)
           VALUES ${chunk.map(() => '(?,?,?,?,?,?,?,?,?)').join(',')}
           ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
          chunk.flatMap((r) => [r.message.id, r.message.conversationId, r.message.sentAt, r.message.channel, r.message.source, r.textHash, r.sentiment, r.label, runId]),
          em,
        );
        stored += inserted.length;
      }
      return stored;
    });
  }

  /** The id of every `size`-th message waiting for analysis, and the last: the upper bounds of the parts of a run. */
  async pendingBounds(size: number): Promise<string[]> {
    const rows = await this.q<{ id: string }>(
      `SELECT id AS "id" FROM (
         SELECT m.id, ROW_NUMBER() OVER (ORDER BY m.id) AS rn, COUNT(*) OVER () AS total
         FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN message_analysis a ON a.message_id = m.id
         WHERE m.role = 'customer' AND c.visible = 1 AND a.message_id IS NULL AND m.text <> ''
       ) p WHERE rn % ? = 0 OR rn = total ORDER BY id`,
      [size],
    );
    return rows.map((r) => r.id);
  }

  async createParts(runId: number, parts: { part: number; after: string; until: string }[]): Promise<void> {
    for (let i = 0; i < parts.length; i += ROWS) {
      const chunk = parts.slice(i, i + ROWS);
      await this.q(
        `INSERT INTO analysis_parts (run_id, part, after_id, until_id, status) VALUES ${chunk.map(() => "(?,?,?,?,'queued')").join(',')}`,
        chunk.flatMap((p) => [runId, p.part, p.after, p.until]),
      );
    }
  }

  async setPartJob(runId: number, part: number, jobId: string): Promise<void> {
    await this.q(`UPDATE analysis_parts SET job_id = ? WHERE run_id = ? AND part = ?`, [jobId, runId, part]);
  }

  async part(runId: number, part: number): Promise<{ after: string; until: string; status: string } | null> {
    const [r] = await this.q<{ after_id: string; until_id: string; status: string }>(`SELECT after_id, until_id, status FROM analysis_parts WHERE run_id = ? AND part = ?`, [runId, part]);
    return r ? { after: r.after_id, until: r.until_id, status: r.status } : null;
  }

  async startPart(runId: number, part: number, worker: string): Promise<void> {
    const now = Date.now();
    await this.q(`UPDATE analysis_parts SET status = 'running', worker = ?, started_at = ?, heartbeat_at = ? WHERE run_id = ? AND part = ?`, [worker, now, now, runId, part]);
  }

  async partHeartbeat(runId: number, part: number): Promise<void> {
    await this.q(`UPDATE analysis_parts SET heartbeat_at = ? WHERE run_id = ? AND part = ?`, [Date.now(), runId, part]);
  }

  /** A silent part is queued again (what its worker stored stays; the next worker does the rest). */
  async releasePart(runId: number, part: number): Promise<void> {
    await this.q(`UPDATE analysis_parts SET status = 'queued', worker = NULL WHERE run_id = ? AND part = ? AND status = 'running'`, [runId, part]);
  }

  /** Parts taken by a worker that has not said it was alive since `before`. */
  async silentParts(runId: number, before: number): Promise<{ part: number; jobId: string | null; worker: string | null }[]> {
    const rows = await this.q<{ part: number; job_id: string | null; worker: string | null }>(
      `SELECT part, job_id, worker FROM analysis_parts WHERE run_id = ? AND status = 'running' AND COALESCE(heartbeat_at, started_at) < ? ORDER BY part`,
      [runId, before],
    );
    return rows.map((r) => ({ part: Number(r.part), jobId: r.job_id, worker: r.worker }));
  }

  async finishPart(runId: number, part: number, counts: { scored: number; stored: number; embedded: number }): Promise<void> {
    await this.q(`UPDATE analysis_parts SET status = 'done', messages_scored = ?, messages_stored = ?, texts_embedded = ?, finished_at = ? WHERE run_id = ? AND part = ?`, [
      counts.scored,
      counts.stored,
      counts.embedded,
      Date.now(),
      runId,
      part,
    ]);
  }

  async parts(runId: number): Promise<{ part: number; status: string; jobId: string | null; worker: string | null; scored: number; stored: number; embedded: number }[]> {
    const rows = await this.q<Record<string, unknown>>(`SELECT * FROM analysis_parts WHERE run_id = ? ORDER BY part`, [runId]);
    return rows.map((r) => ({
      part: Number(r.part),
      status: r.status as string,
      jobId: (r.job_id as string | null) ?? null,
      worker: (r.worker as string | null) ?? null,
      scored: Number(r.messages_scored),
      stored: Number(r.messages_stored),
      embedded: Number(r.texts_embedded),
    }));
  }

  async conversationsOfRun(runId: number): Promise<string[]> {
    return (await this.q<{ id: string }>(`SELECT DISTINCT conversation_id AS "id" FROM message_analysis WHERE analysis_run_id = ?`, [runId])).map((r) => r.id);
  }

  /** Conversations with a customer message whose semantic signals are missing or from another embedding space. */
  async conversationsWithoutSignals(spaceId: number): Promise<string[]> {
    const rows = await this.q<{ id: string }>(
      `SELECT DISTINCT conversation_id AS "id" FROM message_analysis WHERE semantic_space_id IS NULL OR semantic_space_id <> ? ORDER BY conversation_id`,
      [spaceId],
    );
    return rows.map((r) => r.id);
  }

  /** The analysed customer turns of these conversations, each conversation's in order. */
  async customerTurns(conversationIds: string[]): Promise<{ conversationId: string; id: string; hash: string }[]> {
    return this.q(
      `SELECT a.conversation_id AS "conversationId", a.message_id AS "id", a.text_hash AS "hash"
       FROM message_analysis a JOIN messages m ON m.id = a.message_id
       WHERE a.conversation_id IN (${conversationIds.map(() => '?').join(',')})
       ORDER BY a.conversation_id, m.sent_at, m.seq`,
      conversationIds,
    );
  }

  async saveSignals(spaceId: number, rows: SemanticSignal[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        await this.q(
          `UPDATE message_analysis SET human_similarity = v.column2, repeat_of = v.column3, repeat_similarity = v.column4, semantic_space_id = ?
           FROM (VALUES ${chunk.map(() => '(?, CAST(? AS REAL), CAST(? AS VARCHAR(32)), CAST(? AS REAL))').join(',')}) AS v
           WHERE message_analysis.message_id = v.column1`,
          [spaceId, ...chunk.flatMap((r) => [r.id, r.humanSimilarity, r.repeatOf, r.repeatSimilarity])],
          em,
        );
      }
    });
  }

  /**
   * Every distinct customer text that has been analysed, with how often it occurs and its current intent. A text
   * whose every message was emptied by retention comes with text '' (its cached vector still places it).
   */
  async distinctTexts(): Promise<DistinctText[]> {
    const rows = await this.q<{ hash: string; text: string; n: string | number; intent: number | null; unassigned: string | number }>(
      `SELECT a.text_hash AS "hash", COALESCE(MIN(CASE WHEN m.text <> '' THEN ${ANALYSED_TEXT} END), '') AS "text", COUNT(*) AS "n", MAX(a.intent_id) AS "intent",
              SUM(CASE WHEN a.intent_id IS NULL THEN 1 ELSE 0 END) AS "unassigned"
       FROM message_analysis a JOIN messages m ON m.id = a.message_id
       GROUP BY a.text_hash ORDER BY a.text_hash`,
    );
    return rows.map((r) => ({ hash: r.hash, text: r.text, count: Number(r.n), intentId: r.intent === null ? null : Number(r.intent), unassigned: Number(r.unassigned) }));
  }

  async findSpace(engine: string, modelId: string): Promise<SpaceRow | null> {
    const rows = await this.q(`SELECT * FROM embedding_spaces WHERE engine = ? AND model_id = ? ORDER BY id DESC LIMIT 1`, [engine, modelId]);
    const r = rows[0];
    if (!r) return null;
    return { id: Number(r.id), engine: String(r.engine), modelId: String(r.model_id), dims: Number(r.dims), state: (r.state as Buffer | null) ?? null, projection: (r.projection as string | null) ?? null, fittedOn: Number(r.fitted_on) };
  }

  async findSpaceById(id: number): Promise<SpaceRow | null> {
    const rows = await this.q(`SELECT * FROM embedding_spaces WHERE id = ?`, [id]);
    const r = rows[0];
    if (!r) return null;
    return { id: Number(r.id), engine: String(r.engine), modelId: String(r.model_id), dims: Number(r.dims), state: (r.state as Buffer | null) ?? null, projection: (r.projection as string | null) ?? null, fittedOn: Number(r.fitted_on) };
  }

  async createSpace(engine: string, modelId: string, dims: number, state: Uint8Array | null, fittedOn: number): Promise<number> {
    const rows = await this.q<{ id: number }>(
      `INSERT INTO embedding_spaces (engine, model_id, dims, state, fitted_on, created_at) VALUES (?,?,?,?,?,?) RETURNING id`,
      [engine, modelId, dims, state ? Buffer.from(state) : null, fittedOn, Date.now()],
    );
    return Number(rows[0].id);
  }

  async setSpaceProjection(spaceId: number, projection: string): Promise<void> {
    await this.q(`UPDATE embedding_spaces SET projection = ? WHERE id = ?`, [projection, spaceId]);
  }

  async vectors(spaceId: number, hashes: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < hashes.length; i += ROWS) {
      const chunk = hashes.slice(i, i + ROWS);
      const rows = await this.q<{ text_hash: string; vector: Buffer }>(
        `SELECT text_hash, vector FROM text_vectors WHERE space_id = ? AND text_hash IN (${chunk.map(() => '?').join(',')})`,
        [spaceId, ...chunk],
      );
      for (const r of rows) out.set(r.text_hash, toVector(r.vector));
    }
    return out;
  }

  async saveVectors(spaceId: number, rows: { hash: string; vector: Float32Array }[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        await this.q(
          `INSERT INTO text_vectors (space_id, text_hash, vector) VALUES ${chunk.map(() => '(?,?,?)').join(',')} ON CONFLICT (space_id, text_hash) DO NOTHING`,
          chunk.flatMap((r) => [spaceId, r.hash, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength)]),
          em,
        );
      }
    });
  }

  async savePoints(spaceId: number, points: { hash: string; x: number; y: number }[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < points.length; i += ROWS) {
        const chunk = points.slice(i, i + ROWS);
        await this.q(
          `UPDATE text_vectors SET x = v.column2, y = v.column3
           FROM (VALUES ${chunk.map(() => '(?, CAST(? AS REAL), CAST(? AS REAL))').join(',')}) AS v
           WHERE text_vectors.space_id = ? AND text_vectors.text_hash = v.column1`,
          [...chunk.flatMap((p) => [p.hash, p.x, p.y]), spaceId],
          em,
        );
      }
    });
  }

  async intents(spaceId: number | null, statuses: IntentRow['status'][] = ['active']): Promise<IntentRow[]> {
    const where = [`status IN (${statuses.map(() => '?').join(',')})`];
    const params: unknown[] = [...statuses];
    if (spaceId !== null) {
      where.push('space_id = ?');
      params.push(spaceId);
    }
    return (await this.q(`SELECT * FROM intents WHERE ${where.join(' AND ')} ORDER BY id`, params)).map(mapIntent);
  }

  async intent(id: number): Promise<IntentRow | null> {
    const rows = await this.q(`SELECT * FROM intents WHERE id = ?`, [id]);
    return rows[0] ? mapIntent(rows[0]) : null;
  }

  async createIntent(i: Omit<IntentRow, 'id'>): Promise<number> {
    const now = Date.now();
    const rows = await this.q<{ id: number }>(
      `INSERT INTO intents (space_id, label, custom_label, keywords, examples, size, centroid, x, y, status, merged_into, locked, created_at, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
      [i.spaceId, i.label, i.customLabel, JSON.stringify(i.keywords), JSON.stringify(i.examples), i.size, encodeCentroid(i.centroid), i.x, i.y, i.status, i.mergedInto, i.locked ? 1 : 0, now, now],
    );
    return Number(rows[0].id);
  }

  async updateIntent(id: number, fields: Partial<Omit<IntentRow, 'id'>>): Promise<void> {
    const map: Record<string, (v: unknown) => unknown> = {
      spaceId: (v) => v, label: (v) => v, customLabel: (v) => v, keywords: (v) => JSON.stringify(v), examples: (v) => JSON.stringify(v), size: (v) => v,
      centroid: (v) => encodeCentroid(v as Float32Array), x: (v) => v, y: (v) => v, status: (v) => v, mergedInto: (v) => v, locked: (v) => (v ? 1 : 0),
    };
    const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const entries = Object.entries(fields).filter(([k]) => map[k]);
    await this.q(
      `UPDATE intents SET ${[...entries.map(([k]) => `${column(k)} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`,
      [...entries.map(([k, v]) => map[k](v)), Date.now(), id],
    );
  }

  /** Sets the intent of every message whose text hash is listed. */
  async assignIntents(assignments: { hash: string; intentId: number }[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < assignments.length; i += ROWS) {
        const chunk = assignments.slice(i, i + ROWS);
        await this.q(
          `UPDATE message_analysis SET intent_id = v.column2
           FROM (VALUES ${chunk.map(() => '(?, CAST(? AS INTEGER))').join(',')}) AS v
           WHERE message_analysis.text_hash = v.column1`,
          chunk.flatMap((a) => [a.hash, a.intentId]),
          em,
        );
      }
    });
  }

  async moveIntent(fromId: number, toId: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      await this.q(`UPDATE message_analysis SET intent_id = ? WHERE intent_id = ?`, [toId, fromId], em);
      await this.q(`UPDATE conversation_analysis SET intent_id = ? WHERE intent_id = ?`, [toId, fromId], em);
    });
  }

  async intentSizes(): Promise<Map<number, number>> {
    const rows = await this.q<{ intent_id: number; n: string | number }>(`SELECT intent_id, COUNT(*) AS n FROM message_analysis WHERE intent_id IS NOT NULL GROUP BY intent_id`);
    return new Map(rows.map((r) => [Number(r.intent_id), Number(r.n)]));
  }

  /** Texts of an intent with their counts, for keywords and splits. */
  async intentTexts(intentId: number): Promise<{ hash: string; text: string; count: number }[]> {
    const rows = await this.q<{ hash: string; text: string; n: string | number }>(
      `SELECT a.text_hash AS "hash", COALESCE(MIN(CASE WHEN m.text <> '' THEN ${ANALYSED_TEXT} END), '') AS "text", COUNT(*) AS "n" FROM message_analysis a JOIN messages m ON m.id = a.message_id
       WHERE a.intent_id = ? GROUP BY a.text_hash ORDER BY a.text_hash`,
      [intentId],
    );
    return rows.map((r) => ({ hash: r.hash, text: r.text, count: Number(r.n) }));
  }

  /** Recomputes per-conversation results for the given conversations (all when null), in message order. */
  async conversationSentiments(conversationIds: string[] | null): Promise<{ conversationId: string; intentId: number | null; sentiment: number | null }[]> {
    const run = async (ids: string[] | null) =>
      this.q<{ conversation_id: string; intent_id: number | null; sentiment: number | null }>(
        `SELECT a.conversation_id, a.intent_id, a.sentiment FROM message_analysis a JOIN messages m ON m.id = a.message_id
         ${ids ? `WHERE a.conversation_id IN (${ids.map(() => '?').join(',')})` : ''}
         ORDER BY a.conversation_id, m.sent_at, m.seq`,
        ids ?? [],
      );
    let rows: Awaited<ReturnType<typeof run>> = [];
    if (conversationIds === null) rows = await run(null);
    else for (let i = 0; i < conversationIds.length; i += ROWS) rows = rows.concat(await run(conversationIds.slice(i, i + ROWS)));
    return rows.map((r) => ({ conversationId: r.conversation_id, intentId: r.intent_id === null ? null : Number(r.intent_id), sentiment: r.sentiment === null ? null : Number(r.sentiment) }));
  }

  async upsertConversationAnalysis(
    rows: { conversationId: string; intentId: number | null; start: number | null; end: number | null; min: number | null; maxDrop: number | null }[],
    runId: number,
  ): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        await this.q(
          `INSERT INTO conversation_analysis (conversation_id, intent_id, sentiment_start, sentiment_end, sentiment_min, sentiment_max_drop, analysis_run_id)
           VALUES ${chunk.map(() => '(?,?,?,?,?,?,?)').join(',')}
           ON CONFLICT (conversation_id) DO UPDATE SET intent_id = excluded.intent_id, sentiment_start = excluded.sentiment_start,
             sentiment_end = excluded.sentiment_end, sentiment_min = excluded.sentiment_min, sentiment_max_drop = excluded.sentiment_max_drop,
             analysis_run_id = excluded.analysis_run_id`,
          chunk.flatMap((r) => [r.conversationId, r.intentId, r.start, r.end, r.min, r.maxDrop, runId]),
          em,
        );
      }
    });
  }
}
