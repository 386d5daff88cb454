import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';
import { MetricFilter, MetricsRepository } from '../metrics/metrics.repository';

/** A conversation as the behaviour views read it: its customer, times, intent and facts. */
export interface BehaviourRow {
  conversationId: string;
  /** Seam's id of the customer (stable within a source), and the customer's id as the log names it. */
  customerKey: string | null;
  customer: string | null;
  startedAt: number;
  endedAt: number;
  intentId: number | null;
  outcome: string;
  botEngaged: boolean;
  handoff: boolean;
  deflected: boolean | null;
  firstResponseMs: number | null;
  customerTurns: number;
  channel: string | null;
}

/** The SQL of the behaviour views: the conversations within the filters, with their facts, in one read. */
@Injectable()
export class BehaviourRepository extends SqlRepository {
  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly metrics: MetricsRepository,
  ) {
    super(ds);
  }

  async conversations(f: MetricFilter): Promise<BehaviourRow[]> {
    const w = this.metrics.where(f);
    const rows = await this.q<Record<string, string | number | null>>(
      `SELECT cm.conversation_id, c.customer_id, cu.external_id AS customer, cm.started_at, c.ended_at, cm.intent_id, cm.outcome,
              cm.bot_engaged, cm.handoff, cm.deflected, cm.first_response_ms, c.customer_turns, cm.channel
       FROM conversation_metrics cm JOIN conversations c ON c.id = cm.conversation_id LEFT JOIN customers cu ON cu.id = c.customer_id
       WHERE ${w.sql}`,
      w.params,
    );
    const num = (v: string | number | null) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      conversationId: String(r.conversation_id),
      customerKey: r.customer_id === null ? null : String(r.customer_id),
      customer: r.customer === null ? null : String(r.customer),
      startedAt: Number(r.started_at),
      endedAt: Number(r.ended_at ?? r.started_at),
      intentId: num(r.intent_id),
      outcome: String(r.outcome),
      botEngaged: Number(r.bot_engaged) === 1,
      handoff: Number(r.handoff) === 1,
      deflected: r.deflected === null ? null : Number(r.deflected) === 1,
      firstResponseMs: num(r.first_response_ms),
      customerTurns: Number(r.customer_turns ?? 0),
      channel: r.channel === null ? null : String(r.channel),
    }));
  }

  /** Every intent's name as the dashboard shows it (a manager's name first). */
  async intentLabels(): Promise<Map<number, string>> {
    const rows = await this.q<{ id: number; label: string }>(`SELECT id, COALESCE(custom_label, label) AS label FROM intents`);
    return new Map(rows.map((r) => [Number(r.id), r.label]));
  }
}
