import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALERT_FAMILIES, detectChanges, FAMILY_FDR, FDR, freshChanges } from '../../../../analytics/src/alerts/changes';
import type { AlertMetric } from '#contracts';
import { alertPeriods } from '../../../../analytics/src/alerts/periods';
import { digestDue, selectForChannel, sendAt, subjectsOf } from '../../../../analytics/src/alerts/rules';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { BotRepository } from '../bot/bot.repository';
import { SourcesService } from '../sources/sources.service';
import { alertAnswer } from './alert-text';
import { AlertRow, AlertsRepository, ChannelRow, DeliveryRow, NewAlert } from './alerts.repository';
import { EmailConfig, Message, sendEmail, sendWebhook, WebhookConfig } from './senders';

/** Attempts of one send before it is given up (and its channel counts as failing). */
export const MAX_ATTEMPTS = 5;
const LEASE_MS = 120_000;
const SEND_TIMEOUT_MS = 15_000;
const DAY_MS = 86_400_000;
/** A bot version is judged on its first week against the week before it went live. */
const VERSION_DAYS = 7;
const VERSION_METRICS: AlertMetric[] = ['escalation', 'fallback', 'negative_ending', 'chasing'];

/**
 * What changed, told to whom wants it: after each analysis the detector (analytics/src/alerts) compares the last
 * period with its baseline and stores each change once; each enabled channel gets the changes its rules select, at
 * once (after its quiet hours) or in its daily digest; a failed send is retried with backoff, and a channel whose
 * sends keep failing shows on the health endpoint.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly repo: AlertsRepository,
    private readonly sources: SourcesService,
    private readonly bots: BotRepository,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  /** The last period's changes against its baseline, stored once (none while muted or already told), then sent. */
  async detect(now = Date.now()): Promise<AlertRow[]> {
    const end = await this.repo.dataEnd();
    const found: NewAlert[] = [];
    if (end !== null) {
      const recent = await this.repo.recentKeys(now - (this.config.alertPeriod === 'day' ? 7 : 28) * DAY_MS);
      const families = ALERT_FAMILIES.map((f) => ({ metrics: f.metrics, end: f.lagged ? end - this.config.repeatWindowMs : end }));
      for (const family of families) {
        const { current, baseline } = alertPeriods(family.end, this.config.alertPeriod, this.config.timeZone);
        const groups = [];
        for (const range of [current, ...baseline]) groups.push(await this.repo.periodGroups(range));
        const changes = detectChanges(subjectsOf(groups[0], groups.slice(1)), FAMILY_FDR, family.metrics);
        found.push(...freshChanges(changes, recent).map((c) => ({ ...c, period: this.config.alertPeriod, periodStart: current.start, periodEnd: current.end })));
      }
    }
    if (end !== null) found.push(...(await this.versionChanges(end)));
    found.push(...(await this.failingSources()));
    return this.store(found, now);
  }

  /**
   * A bot version's first week: once it has been live VERSION_DAYS (and for four weeks after), the rates of its first
   * VERSION_DAYS days against the same days before it went live — one alert per version and measure that moved.
   */
  private async versionChanges(end: number): Promise<NewAlert[]> {
    const out: NewAlert[] = [];
    const span = VERSION_DAYS * DAY_MS;
    for (const v of await this.bots.versions()) {
      const live = v.releasedAt;
      if (live + span > end || live + 4 * span <= end) continue;
      const after = await this.repo.periodGroups({ start: live, end: live + span });
      const before = await this.repo.periodGroups({ start: live - span, end: live });
      const all = subjectsOf(after, [before]).find((s) => s.key === 'all');
      if (!all) continue;
      const subject = { ...all, key: `version:${v.id}`, kind: 'version' as const, label: `${v.bot} ${v.version}` };
      for (const c of detectChanges([subject], FDR, VERSION_METRICS)) out.push({ ...c, period: 'week', periodStart: live, periodEnd: live + span });
    }
    return out;
  }

  /** Between analyses (every SEAM_ALERT_SWEEP_SECONDS): sources failing, digests due, sends due. */
  async sweep(now = Date.now()): Promise<void> {
    await this.store(await this.failingSources(), now);
    await this.digest(now);
    await this.processDue(now);
  }

  private async store(found: NewAlert[], now: number): Promise<AlertRow[]> {
    const muted = await this.repo.mutedKeys(now);
    const stored = await this.repo.insertAlerts(found.filter((a) => !muted.has(a.key)), now);
    if (stored.length > 0) this.logger.log(`${stored.length} change(s): ${stored.map((a) => `${a.key} ${a.direction}`).join(', ')}`);
    await this.dispatch(stored, now);
    return stored;
  }

  /** A scheduled source failing after its retries: one alert per failure (since its last success). */
  private async failingSources(): Promise<NewAlert[]> {
    return (await this.sources.list())
      .filter((s) => s.consecutiveFailures > 0)
      .map((s) => ({
        key: `source:${s.name}|source_failing`,
        direction: 'down' as const,
        period: this.config.alertPeriod,
        periodStart: s.lastSuccessAt ?? 0,
        periodEnd: s.lastRunAt ?? 0,
        subject: `source:${s.name}`,
        subjectKind: 'source' as const,
        label: s.name,
        metric: 'source_failing' as const,
        value: s.consecutiveFailures,
        baseline: 0,
        counts: { current: { hits: s.consecutiveFailures, of: s.consecutiveFailures }, baseline: { hits: 0, of: 0 } },
        p: null,
        q: null,
      }));
  }

  /** Immediate channels get the alerts their rules select, after their quiet hours. */
  private async dispatch(alerts: AlertRow[], now: number): Promise<void> {
    if (alerts.length === 0) return;
    for (const c of await this.repo.channels()) {
      if (!c.enabled || c.rules.mode !== 'immediate') continue;
      const selected = selectForChannel(alerts, c.rules);
      if (selected.length > 0) await this.repo.createDelivery(c.id, 'immediate', selected.map((a) => a.id), sendAt(now, c.rules, this.config.timeZone), now);
    }
    await this.processDue(now);
  }

  /**
   * Digest channels whose hour has come (`now`: all of them) get what changed since their last digest (`dryRun`:
   * what they would get, nothing sent or marked).
   */
  async digest(now = Date.now(), options: { dryRun?: boolean; force?: boolean } = {}): Promise<{ channel: string; alerts: AlertRow[] }[]> {
    const dryRun = options.dryRun ?? false;
    const out: { channel: string; alerts: AlertRow[] }[] = [];
    for (const c of await this.repo.channels()) {
      if (!c.enabled || c.rules.mode !== 'digest' || !(options.force || digestDue(now, c.lastDigestAt, c.rules, this.config.timeZone))) continue;
      const since = c.lastDigestAt ?? now - DAY_MS;
      const alerts = selectForChannel(await this.repo.alerts({ unacknowledgedOnly: false, limit: 500, since }), c.rules);
      out.push({ channel: c.name, alerts });
      if (dryRun) continue;
      if (alerts.length > 0) await this.repo.createDelivery(c.id, 'digest', alerts.map((a) => a.id), now, now);
      await this.repo.digestSent(c.id, now);
    }
    if (!dryRun) await this.processDue(now);
    return out;
  }

  /** Sends what is due: new deliveries and retries whose time has come. */
  async processDue(now = Date.now()): Promise<void> {
    for (;;) {
      const due = await this.repo.claimDue(now, LEASE_MS, 20);
      if (due.length === 0) return;
      for (const d of due) await this.deliver(d, now);
    }
  }

  /** A test message through a channel, now; the delivery as recorded (sent, or failed with why). */
  async test(channelId: number, now = Date.now()): Promise<DeliveryRow> {
    const c = await this.repo.channel(channelId);
    if (!c) throw new SeamException(SeamErrorCode.NotFound, `no alert channel ${channelId}`);
    const id = await this.repo.createDelivery(c.id, 'test', [], now, now);
    const [claimed] = (await this.repo.claimDue(now, LEASE_MS, 100)).filter((d) => d.id === id);
    if (claimed) await this.deliver(claimed, now);
    return (await this.repo.delivery(id))!;
  }

  private async deliver(d: DeliveryRow, now: number): Promise<void> {
    const c = await this.repo.channel(d.channelId);
    if (!c) return;
    const attempts = d.attempts + 1;
    try {
      const alerts = (await this.repo.alertsById(d.alertIds)).map(alertAnswer);
      await this.send(c, { kind: d.kind, alerts, publicUrl: this.config.publicUrl });
      await this.repo.deliverySent(d.id, attempts, Date.now());
      await this.repo.channelSent(c.id, Date.now(), d.kind === 'digest');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A test is tried once: whoever asked reads the answer.
      const retry = d.kind !== 'test' && attempts < MAX_ATTEMPTS;
      const retryAt = retry ? now + this.config.alertRetryMs * 2 ** (attempts - 1) : null;
      await this.repo.deliveryFailed(d.id, attempts, message, retryAt);
      await this.repo.channelFailed(c.id, message, !retry && d.kind !== 'test');
      this.logger.warn(`alert channel "${c.name}": ${message}${retry ? ` (attempt ${attempts} of ${MAX_ATTEMPTS}, again at ${new Date(retryAt!).toISOString()})` : d.kind === 'test' ? '' : ' (given up)'}`);
    }
  }

  private send(c: ChannelRow, m: Message): Promise<void> {
    const options = { allowPrivate: this.config.alertAllowPrivate, timeoutMs: SEND_TIMEOUT_MS };
    return c.type === 'webhook' ? sendWebhook(c.config as unknown as WebhookConfig, m, options) : sendEmail(c.config as unknown as EmailConfig, m, options);
  }
}
