import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';
import type { Contact } from '../../../../analytics/src/behaviour/journeys';
import type { QuarterCounts, Reply } from '../../../../analytics/src/behaviour/when';
import { MetricFilter, MetricsRepository } from '../metrics/metrics.repository';

/** The grid's unit: every time zone's offset is a whole number of quarter hours (analytics/src/behaviour/when.ts). */
const QUARTER_HOUR_MS = 15 * 60_000;

/** The SQL of the behaviour views: the conversations within the filters, with their facts, in one read. */
@Injectable()
export class BehaviourRepository extends SqlRepository {
  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly metrics: MetricsRepository,
  ) {
    super(ds);
  }

  /**
   * The conversations within the filters as contacts (their customer is Seam's id of it, stable within a source;
   * customerNames gives the log's), from their facts alone: one table, whatever else the database holds.
   */
  async contacts(f: MetricFilter): Promise<Contact[]> {
    const w = this.metrics.where(f);
    const rows = await this.q<Record<string, string | number | null>>(
      `SELECT cm.conversation_id, cm.customer_id, cm.started_at, cm.ended_at, cm.intent_id, cm.outcome, cm.handoff, cm.customer_turns, cm.channel
       FROM conversation_metrics cm WHERE ${w.sql}`,
      w.params,
    );
    const num = (v: string | number | null) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      conversationId: String(r.conversation_id),
      customerId: r.customer_id === null ? null : String(r.customer_id),
      startedAt: Number(r.started_at),
      endedAt: Number(r.ended_at ?? r.started_at),
      intentId: num(r.intent_id),
      outcome: String(r.outcome),
      handoff: Number(r.handoff) === 1,
      customerTurns: Number(r.customer_turns ?? 0),
      channel: r.channel === null ? null : String(r.channel),
    }));
  }

  /** The conversations within the filters counted per quarter hour of their start (the grid's input, in one pass). */
  async quarters(f: MetricFilter): Promise<QuarterCounts[]> {
    const w = this.metrics.where(f);
    const rows = await this.q<Record<string, string | number | null>>(
      `SELECT cm.started_at / ${QUARTER_HOUR_MS} AS quarter, COUNT(*) AS n, SUM(cm.bot_engaged) AS engaged,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.handoff = 1 THEN 1 ELSE 0 END) AS escalated,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.deflected IS NOT NULL THEN 1 ELSE 0 END) AS decided,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.deflected = 1 THEN 1 ELSE 0 END) AS deflected, SUM(cm.handoff) AS handoffs
       FROM conversation_metrics cm WHERE ${w.sql} GROUP BY cm.started_at / ${QUARTER_HOUR_MS}`,
      w.params,
    );
    return rows.map((r) => ({
      quarter: Math.floor(Number(r.quarter)),
      conversations: Number(r.n),
      engaged: Number(r.engaged ?? 0),
      escalated: Number(r.escalated ?? 0),
      decided: Number(r.decided ?? 0),
      deflected: Number(r.deflected ?? 0),
      handoffs: Number(r.handoffs ?? 0),
    }));
  }

  /** The first agent replies after a handoff, of the conversations within the filters. */
  async replies(f: MetricFilter): Promise<Reply[]> {
    const w = this.metrics.where(f);
    const rows = await this.q<{ started_at: string | number; ms: string | number }>(
      `SELECT cm.started_at, cm.first_response_ms AS ms FROM conversation_metrics cm WHERE ${w.sql} AND cm.handoff = 1 AND cm.first_response_ms IS NOT NULL`,
      w.params,
    );
    return rows.map((r) => ({ startedAt: Number(r.started_at), ms: Number(r.ms) }));
  }

  /** The customers' ids as the logs name them, for the ones a view shows. */
  async customerNames(keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = await this.q<{ id: string; external_id: string }>(`SELECT id, external_id FROM customers WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of rows) out.set(r.id, r.external_id);
    }
    return out;
  }

  /** Every intent's name as the dashboard shows it (a manager's name first). */
  async intentLabels(): Promise<Map<number, string>> {
    const rows = await this.q<{ id: number; label: string }>(`SELECT id, COALESCE(custom_label, label) AS label FROM intents`);
    return new Map(rows.map((r) => [Number(r.id), r.label]));
  }
}
