import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AccessService } from '../access/access.service';
import { textHash } from '../../../../analytics/src/intents/candidates';
import { DataVersion } from '../cache/read-cache';
import { RetentionRepository } from './retention.repository';

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
    private readonly repo: RetentionRepository,
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

  /** Empties what is past the period (as of `now`); a no-op when retention is off. */
  async apply(now = Date.now()): Promise<RetentionResult> {
    const days = this.config.retentionDays;
    const cutoff = days === null ? 0 : now - days * DAY_MS;
    const result: RetentionResult = { cutoff, conversations: 0, messages: 0, rejectedRows: 0, intentExamples: 0 };
    if (days === null) return result;
    for (;;) {
      const ids = await this.repo.expired(cutoff, CHUNK);
      if (ids.length === 0) break;
      result.messages += await this.repo.empty(ids, now);
      result.conversations += ids.length;
    }
    result.rejectedRows = await this.repo.deleteOldRejectedRows(cutoff);
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
    for (const intent of await this.repo.intentExamples()) {
      const kept: string[] = [];
      for (const text of intent.examples) if (await this.repo.textHeld(textHash(text), text)) kept.push(text);
      if (kept.length < intent.examples.length) {
        dropped += intent.examples.length - kept.length;
        await this.repo.setExamples(intent.id, kept);
      }
    }
    return dropped;
  }
}
