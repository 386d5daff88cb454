import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { DataSource } from 'typeorm';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { bind, engineOf } from '../../database/dialect';
import { transaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { textHash } from '../analysis/analysis.service';
import { DataVersion } from '../cache/read-cache';

const DAY_MS = 86_400_000;
const CHUNK = 500;

export interface RetentionResult {
  cutoff: number;
  conversations: number;
  messages: number;
  rejectedRows: number;
  intentExamples: number;
}

/**
 * Retention (SEAM_RETENTION_DAYS): the message text of conversations that ended longer ago than that is deleted
 * (text emptied, message and conversation metadata removed, rejected rows of old imports deleted, intent examples
 * quoting it dropped), while what was computed from it stays: analysis (intent, sentiment), metrics, flags and the
 * vectors (which place the message, and cannot give its text back). Runs daily (SEAM_RETENTION_CRON) and by
 * `npx seam retention`. Only conversations whose metrics were computed are emptied, so nothing is lost unseen.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly version: DataVersion,
    private readonly registry: SchedulerRegistry,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.scheduler || this.config.retentionDays === null) return;
    const job = CronJob.from({
      cronTime: this.config.retentionCron,
      onTick: () => {
        this.apply().catch((err) => this.logger.error(`retention failed: ${err instanceof Error ? err.message : err}`));
      },
      start: true,
    });
    this.registry.addCronJob('retention', job);
  }

  private q<T = Record<string, unknown>>(sql: string, params: unknown[] = [], em: { query: DataSource['query'] } = this.ds): Promise<T[]> {
    return em.query(bind(engineOf(this.ds), sql), params);
  }

  /** Empties what is past the period (as of `now`); a no-op when retention is off. */
  async apply(now = Date.now()): Promise<RetentionResult> {
    const days = this.config.retentionDays;
    const cutoff = days === null ? 0 : now - days * DAY_MS;
    const result: RetentionResult = { cutoff, conversations: 0, messages: 0, rejectedRows: 0, intentExamples: 0 };
    if (days === null) return result;
    for (;;) {
      const ids = (
        await this.q<{ id: string }>(
          `SELECT c.id AS "id" FROM conversations c JOIN conversation_metrics cm ON cm.conversation_id = c.id
           WHERE c.text_purged_at IS NULL AND c.ended_at < ? ORDER BY c.id LIMIT ?`,
          [cutoff, CHUNK],
        )
      ).map((r) => r.id);
      if (ids.length === 0) break;
      const marks = ids.map(() => '?').join(',');
      await transaction(this.ds, async (em) => {
        const [{ n }] = await this.q<{ n: string | number }>(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id IN (${marks})`, ids, em);
        await this.q(`UPDATE messages SET text = '', metadata = NULL WHERE conversation_id IN (${marks})`, ids, em);
        await this.q(`UPDATE conversations SET text_purged_at = ?, metadata = NULL WHERE id IN (${marks})`, [now, ...ids], em);
        result.messages += Number(n);
      });
      result.conversations += ids.length;
    }
    const [{ n: rejected }] = await this.q<{ n: string | number }>(
      `SELECT COUNT(*) AS n FROM rejected_rows WHERE import_run_id IN (SELECT id FROM import_runs WHERE started_at < ?)`,
      [cutoff],
    );
    await this.q(`DELETE FROM rejected_rows WHERE import_run_id IN (SELECT id FROM import_runs WHERE started_at < ?)`, [cutoff]);
    result.rejectedRows = Number(rejected);
    if (result.conversations > 0) {
      result.intentExamples = await this.dropDeletedExamples();
      await this.version.bump();
    }
    if (result.conversations > 0 || result.rejectedRows > 0) {
      this.logger.log(`retention (${days} days): text of ${result.conversations} conversations (${result.messages} messages) deleted, ${result.rejectedRows} rejected rows`);
      await this.access.audit(null, 'retention.apply', 'messages', { days, ...result });
    }
    return result;
  }

  /**
   * Intent examples quote customer messages: an example no customer message holds any more is dropped. Looked up
   * by the text's hash (indexed), not by scanning every message's text.
   */
  private async dropDeletedExamples(): Promise<number> {
    let dropped = 0;
    for (const intent of await this.q<{ id: number; examples: string }>(`SELECT id, examples FROM intents`)) {
      const examples = JSON.parse(intent.examples) as string[];
      const kept: string[] = [];
      for (const text of examples) {
        const held = await this.q(`SELECT 1 AS x FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE a.text_hash = ? AND m.text = ? LIMIT 1`, [textHash(text), text]);
        if (held.length > 0) kept.push(text);
      }
      if (kept.length < examples.length) {
        dropped += examples.length - kept.length;
        await this.q(`UPDATE intents SET examples = ? WHERE id = ?`, [JSON.stringify(kept), intent.id]);
      }
    }
    return dropped;
  }
}
