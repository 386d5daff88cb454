import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Change, PeriodCounts } from '../../../../analytics/src/alerts/changes';
import type { Range } from '../../../../analytics/src/alerts/periods';
import { numberOrNull } from '../../database/column-transformers';
import { returnedRows } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';
import type { AlertChannelType, AlertMetric, AlertRules } from '#contracts';

export interface AlertRow {
  id: number;
  key: string;
  direction: 'up' | 'down';
  period: 'day' | 'week';
  periodStart: number;
  periodEnd: number;
  subject: string;
  subjectKind: 'all' | 'intent' | 'source' | 'version';
  label: string;
  metric: AlertMetric;
  value: number;
  baseline: number;
  counts: Change['counts'];
  p: number | null;
  q: number | null;
  createdAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
}

export type NewAlert = Omit<AlertRow, 'id' | 'createdAt' | 'acknowledgedAt' | 'acknowledgedBy'>;

export interface ChannelRow {
  id: number;
  name: string;
  type: AlertChannelType;
  config: Record<string, unknown>;
  rules: AlertRules;
  enabled: boolean;
  consecutiveFailures: number;
  lastError: string | null;
  lastSentAt: number | null;
  lastDigestAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface DeliveryRow {
  id: number;
  channelId: number;
  kind: 'immediate' | 'digest' | 'test';
  alertIds: number[];
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** One group of a period's conversations: an intent (or none) from a source. */
export interface PeriodGroup {
  intentId: number | null;
  intentLabel: string | null;
  source: string;
  counts: PeriodCounts;
}

function alert(r: Record<string, unknown>): AlertRow {
  return {
    id: Number(r.id),
    key: String(r.alert_key),
    direction: r.direction as AlertRow['direction'],
    period: r.period as AlertRow['period'],
    periodStart: Number(r.period_start),
    periodEnd: Number(r.period_end),
    subject: String(r.subject),
    subjectKind: r.subject_kind as AlertRow['subjectKind'],
    label: String(r.label),
    metric: r.metric as AlertMetric,
    value: Number(r.value),
    baseline: Number(r.baseline),
    counts: JSON.parse(String(r.counts)) as Change['counts'],
    p: numberOrNull(r.p_value),
    q: numberOrNull(r.q_value),
    createdAt: Number(r.created_at),
    acknowledgedAt: numberOrNull(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
  };
}

function channel(r: Record<string, unknown>): ChannelRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    type: r.type as AlertChannelType,
    config: JSON.parse(String(r.config)) as Record<string, unknown>,
    rules: JSON.parse(String(r.rules)) as AlertRules,
    enabled: Number(r.enabled) === 1,
    consecutiveFailures: Number(r.consecutive_failures),
    lastError: (r.last_error as string | null) ?? null,
    lastSentAt: numberOrNull(r.last_sent_at),
    lastDigestAt: numberOrNull(r.last_digest_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function delivery(r: Record<string, unknown>): DeliveryRow {
  return {
    id: Number(r.id),
    channelId: Number(r.channel_id),
    kind: r.kind as DeliveryRow['kind'],
    alertIds: JSON.parse(String(r.alert_ids)) as number[],
    status: r.status as DeliveryRow['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: numberOrNull(r.next_attempt_at),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: Number(r.created_at),
    sentAt: numberOrNull(r.sent_at),
  };
}

/** Alerts, mutes, channels and deliveries; and the counts of a period the change detector compares. */
@Injectable()
export class AlertsRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /** The newest conversation's start: the periods end before it (data time, not the clock: imports run late). */
  async dataEnd(): Promise<number | null> {
    const [row] = await this.q<{ end: unknown }>('SELECT MAX(started_at) AS "end" FROM conversation_metrics');
    return numberOrNull(row?.end);
  }

  /**
   * The conversations that started within `range`, by intent and source, with the outcomes the detector compares
   * (the same sums as the dashboard's rates: metrics.repository `sums`); chasing from the messages' acts.
   */
  async periodGroups(range: Range): Promise<PeriodGroup[]> {
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.intent_id, MAX(COALESCE(i.custom_label, i.label)) AS intent_label, cm.source,
              COUNT(*) AS conversations,
              SUM(cm.bot_engaged) AS engaged,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.handoff = 1 THEN 1 ELSE 0 END) AS escalated,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.deflected IS NOT NULL THEN 1 ELSE 0 END) AS decided,
              SUM(CASE WHEN cm.deflected = 1 THEN 1 ELSE 0 END) AS deflected,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.fallbacks > 0 THEN 1 ELSE 0 END) AS fallback,
              SUM(cm.customer_known) AS known,
              SUM(CASE WHEN cm.customer_known = 1 AND cm.repeat_any = 1 THEN 1 ELSE 0 END) AS repeat_any,
              SUM(CASE WHEN cm.sentiment_count > 0 THEN 1 ELSE 0 END) AS with_sentiment,
              SUM(cm.ended_negative) AS negative,
              SUM(CASE WHEN ch.conversation_id IS NULL THEN 0 ELSE 1 END) AS chasing
       FROM conversation_metrics cm
       LEFT JOIN intents i ON i.id = cm.intent_id
       LEFT JOIN (SELECT DISTINCT conversation_id FROM message_analysis WHERE act = 'chasing' AND sent_at >= ? AND sent_at < ?) ch ON ch.conversation_id = cm.conversation_id
       WHERE cm.started_at >= ? AND cm.started_at < ?
       GROUP BY cm.intent_id, cm.source`,
      // A conversation's messages may run past the day it started: its acts are looked for a day longer.
      [range.start, range.end + 86_400_000, range.start, range.end],
    );
    return rows.map((r) => ({
      intentId: numberOrNull(r.intent_id),
      intentLabel: (r.intent_label as string | null) ?? null,
      source: String(r.source),
      counts: {
        conversations: Number(r.conversations),
        engaged: Number(r.engaged ?? 0),
        escalated: Number(r.escalated ?? 0),
        decided: Number(r.decided ?? 0),
        deflected: Number(r.deflected ?? 0),
        fallback: Number(r.fallback ?? 0),
        known: Number(r.known ?? 0),
        repeat: Number(r.repeat_any ?? 0),
        withSentiment: Number(r.with_sentiment ?? 0),
        negative: Number(r.negative ?? 0),
        chasing: Number(r.chasing ?? 0),
      },
    }));
  }

  /** `key|direction` of the alerts created since `since`: an ongoing change is told once. */
  async recentKeys(since: number): Promise<Set<string>> {
    const rows = await this.q<{ alert_key: string; direction: string }>('SELECT alert_key, direction FROM alerts WHERE created_at >= ?', [since]);
    return new Set(rows.map((r) => `${r.alert_key}|${r.direction}`));
  }

  async mutedKeys(now: number): Promise<Set<string>> {
    const rows = await this.q<{ alert_key: string }>('SELECT alert_key FROM alert_mutes WHERE muted_until > ?', [now]);
    return new Set(rows.map((r) => r.alert_key));
  }

  /** Stores what is new; an alert of the same key, direction and period is there already and is skipped. */
  async insertAlerts(alerts: NewAlert[], now: number): Promise<AlertRow[]> {
    const out: AlertRow[] = [];
    for (const a of alerts) {
      const rows = await this.q<Record<string, unknown>>(
        `INSERT INTO alerts (alert_key, direction, period, period_start, period_end, subject, subject_kind, label, metric, value, baseline, counts, p_value, q_value, created_at)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (alert_key, direction, period, period_start) DO NOTHING RETURNING *`,
        [a.key, a.direction, a.period, a.periodStart, a.periodEnd, a.subject, a.subjectKind, a.label.slice(0, 500), a.metric, a.value, a.baseline, JSON.stringify(a.counts), a.p, a.q, now],
      );
      if (rows[0]) out.push(alert(rows[0]));
    }
    return out;
  }

  async alerts(options: { unacknowledgedOnly: boolean; limit: number; since?: number }): Promise<AlertRow[]> {
    const where = [options.unacknowledgedOnly ? 'acknowledged_at IS NULL' : '1 = 1', options.since !== undefined ? 'created_at >= ?' : '1 = 1'].join(' AND ');
    const rows = await this.q(`SELECT * FROM alerts WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, [...(options.since !== undefined ? [options.since] : []), options.limit]);
    return rows.map(alert);
  }

  async alertsById(ids: number[]): Promise<AlertRow[]> {
    if (ids.length === 0) return [];
    return (await this.q(`SELECT * FROM alerts WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`, ids)).map(alert);
  }

  async unacknowledged(): Promise<number> {
    const [row] = await this.q<{ n: unknown }>('SELECT COUNT(*) AS n FROM alerts WHERE acknowledged_at IS NULL');
    return Number(row.n);
  }

  async acknowledge(id: number, by: string, now: number): Promise<AlertRow | null> {
    await this.q('UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL', [now, by, id]);
    return (await this.alertsById([id]))[0] ?? null;
  }

  async mute(key: string, until: number, by: string, now: number): Promise<void> {
    await this.q(
      `INSERT INTO alert_mutes (alert_key, muted_until, muted_by, created_at) VALUES (?,?,?,?)
       ON CONFLICT (alert_key) DO UPDATE SET muted_until = excluded.muted_until, muted_by = excluded.muted_by, created_at = excluded.created_at`,
      [key, until, by, now],
    );
  }

  async channels(): Promise<ChannelRow[]> {
    return (await this.q('SELECT * FROM alert_channels ORDER BY name')).map(channel);
  }

  async channel(id: number): Promise<ChannelRow | null> {
    const [row] = await this.q('SELECT * FROM alert_channels WHERE id = ?', [id]);
    return row ? channel(row) : null;
  }

  async channelByName(name: string): Promise<ChannelRow | null> {
    const [row] = await this.q('SELECT * FROM alert_channels WHERE name = ?', [name]);
    return row ? channel(row) : null;
  }

  async createChannel(c: Pick<ChannelRow, 'name' | 'type' | 'config' | 'rules' | 'enabled'>, now: number): Promise<number> {
    const [row] = await this.q<{ id: unknown }>(
      'INSERT INTO alert_channels (name, type, config, rules, enabled, created_at, updated_at) VALUES (?,?,?,?,?,?,?) RETURNING id',
      [c.name, c.type, JSON.stringify(c.config), JSON.stringify(c.rules), c.enabled ? 1 : 0, now, now],
    );
    return Number(row.id);
  }

  async updateChannel(id: number, c: Pick<ChannelRow, 'name' | 'config' | 'rules' | 'enabled'>, now: number): Promise<void> {
    await this.q('UPDATE alert_channels SET name = ?, config = ?, rules = ?, enabled = ?, updated_at = ? WHERE id = ?', [c.name, JSON.stringify(c.config), JSON.stringify(c.rules), c.enabled ? 1 : 0, now, id]);
  }

  async deleteChannel(id: number): Promise<void> {
    await this.q('DELETE FROM alert_channels WHERE id = ?', [id]);
  }

  async channelSent(id: number, now: number, digest: boolean): Promise<void> {
    await this.q(`UPDATE alert_channels SET consecutive_failures = 0, last_error = NULL, last_sent_at = ?${digest ? ', last_digest_at = ?' : ''} WHERE id = ?`, digest ? [now, now, id] : [now, id]);
  }

  /** A send that failed: its error; `gaveUp` when its retries are spent (the channel then counts as failing). */
  async channelFailed(id: number, error: string, gaveUp: boolean): Promise<void> {
    await this.q(`UPDATE alert_channels SET last_error = ?${gaveUp ? ', consecutive_failures = consecutive_failures + 1' : ''} WHERE id = ?`, [error.slice(0, 2000), id]);
  }

  async digestSent(id: number, at: number): Promise<void> {
    await this.q('UPDATE alert_channels SET last_digest_at = ? WHERE id = ?', [at, id]);
  }

  async createDelivery(channelId: number, kind: DeliveryRow['kind'], alertIds: number[], nextAttemptAt: number, now: number): Promise<number> {
    const [row] = await this.q<{ id: unknown }>(
      "INSERT INTO alert_deliveries (channel_id, kind, alert_ids, status, attempts, next_attempt_at, created_at) VALUES (?,?,?,'pending',0,?,?) RETURNING id",
      [channelId, kind, JSON.stringify(alertIds), nextAttemptAt, now],
    );
    return Number(row.id);
  }

  /**
   * Deliveries due now, each taken by this process until `leaseMs` from now (another process sharing the database
   * skips them; one whose process died is taken again once the lease ends).
   */
  async claimDue(now: number, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
    const due = await this.q<{ id: unknown }>(
      `SELECT id FROM alert_deliveries WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until < ?) ORDER BY next_attempt_at LIMIT ?`,
      [now, now, limit],
    );
    const out: DeliveryRow[] = [];
    for (const { id } of due) {
      const rows = returnedRows<Record<string, unknown>>(
        this.engine,
        await this.q(
          `UPDATE alert_deliveries SET status = 'sending', claimed_until = ? WHERE id = ? AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until < ?)) RETURNING *`,
          [now + leaseMs, Number(id), now, now],
        ),
      );
      if (rows[0]) out.push(delivery(rows[0]));
    }
    return out;
  }

  async deliverySent(id: number, attempts: number, now: number): Promise<void> {
    await this.q("UPDATE alert_deliveries SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL, claimed_until = NULL WHERE id = ?", [attempts, now, id]);
  }

  async deliveryFailed(id: number, attempts: number, error: string, retryAt: number | null): Promise<void> {
    await this.q(
      `UPDATE alert_deliveries SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, claimed_until = NULL WHERE id = ?`,
      [retryAt === null ? 'failed' : 'pending', attempts, error.slice(0, 2000), retryAt, id],
    );
  }

  async delivery(id: number): Promise<DeliveryRow | null> {
    const [row] = await this.q('SELECT * FROM alert_deliveries WHERE id = ?', [id]);
    return row ? delivery(row) : null;
  }

  async deliveries(channelId: number, limit: number): Promise<DeliveryRow[]> {
    return (await this.q('SELECT * FROM alert_deliveries WHERE channel_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', [channelId, limit])).map(delivery);
  }
}
