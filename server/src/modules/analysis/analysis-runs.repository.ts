import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANALYSED_TEXT, returnedRows } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';
import { AnalysisRunRow, mapRun, PendingMessage, ROWS, runAssignments } from './analysis-rows';

/** Analysis runs and their parts (with workers), and the scores of the messages they analyse. */
@Injectable()
export class AnalysisRunsRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /**
   * Starts a run when no other is running on the database (one at a time across processes: a partial unique index
   * on the running run); null when one is.
   */
  async createRun(run: Omit<AnalysisRunRow, 'id' | 'finishedAt' | 'messagesAnalysed' | 'textsEmbedded' | 'cacheHits' | 'intents' | 'reclustered' | 'progress' | 'stage' | 'error' | 'heartbeatAt'>): Promise<number | null> {
    const rows = await this.q<{ id: number }>(
      `INSERT INTO analysis_runs (status, started_at, heartbeat_at, owner, job_id, embedding_engine, embedding_model, sentiment_engine, sentiment_model) VALUES (?,?,?,?,?,?,?,?,?)
       ON CONFLICT DO NOTHING RETURNING id`,
      [run.status, run.startedAt, run.startedAt, run.owner, run.jobId, run.embeddingEngine, run.embeddingModel, run.sentimentEngine, run.sentimentModel],
    );
    return rows.length > 0 ? Number(rows[0].id) : null;
  }

  /** The run in progress on the database, if any. */
  async runningRun(): Promise<AnalysisRunRow | null> {
    const [r] = await this.q(`SELECT * FROM analysis_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1`);
    return r ? mapRun(r) : null;
  }

  /** Records the run's progress and that it is alive; false when it is no longer running (another process took it as dead). */
  async heartbeat(id: number, fields: Partial<Omit<AnalysisRunRow, 'id'>> = {}): Promise<boolean> {
    const set = runAssignments({ ...fields, heartbeatAt: Date.now() });
    const result = await this.q(`UPDATE analysis_runs SET ${set.sql} WHERE id = ? AND status = 'running' RETURNING id`, [...set.params, id]);
    return returnedRows(this.engine, result).length > 0;
  }

  /** Fails the runs silent since `before`, or named in `ids` (their process died), each once however many processes ask. */
  async failSilentRuns(before: number, error: string, ids: number[] = []): Promise<{ id: number; jobId: string | null; owner: string | null }[]> {
    const named = ids.length > 0 ? ` OR id IN (${ids.map(() => '?').join(',')})` : '';
    const result = await this.q(
      `UPDATE analysis_runs SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running' AND (COALESCE(heartbeat_at, started_at) < ?${named}) RETURNING id, job_id, owner`,
      [Date.now(), error, before, ...ids],
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
}
