import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { numberList, numbersOf } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';
import type { EffortGroup } from '../../../../analytics/src/behaviour/effort';
import type { LinkRow } from '../../../../analytics/src/behaviour/journeys';
import type { QuarterCounts, Reply } from '../../../../analytics/src/behaviour/when';
import { MetricFilter, MetricsRepository } from '../metrics/metrics.repository';

/** The grid's unit: every time zone's offset is a whole number of quarter hours (analytics/src/behaviour/when.ts). */
const QUARTER_HOUR_MS = 15 * 60_000;
/** Journeys shown behind each link of the flow. */
const EXAMPLES = 10;
/** The flow's steps: first contact → second, up to third → fourth. */
export const STEPS = 3;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export interface LinkExample {
  step: number;
  from: number | null;
  to: number | null;
  customerId: string;
  fromConversation: string;
  toConversation: string;
}

export interface CustomerEffortRow {
  customerId: string;
  contacts: number;
  customerTurns: number;
  durationMs: number;
  unresolvedIssues: number;
}

/**
 * The SQL of the behaviour views. Journeys and effort read the journeys' rows the metrics keep (journey_contacts,
 * journey-facts.repository.ts): a journey is taken when its first contact is within the filters, with all its
 * contacts; the grid reads each conversation within the filters.
 */
@Injectable()
export class BehaviourRepository extends SqlRepository {
  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly metrics: MetricsRepository,
  ) {
    super(ds);
  }

  /**
   * The contacts of the journeys whose first contact is within the filters: the range on the journey's start, every
   * other filter on the first contact itself (joined as `jf` only when there is one). Each query below is served by
   * an index holding every column it reads (migration JourneyFacts).
   */
  private journeys(f: MetricFilter): { from: string; where: string; params: unknown[] } {
    const { fromMs, toMs, ...rest } = f;
    const range = [fromMs ?? Number.MIN_SAFE_INTEGER, toMs ?? Number.MAX_SAFE_INTEGER];
    const others = Object.values(rest).some((v) => v !== undefined);
    const w = others ? this.metrics.where(rest, 'jf') : { sql: '1 = 1', params: [] };
    return {
      from: `journey_contacts cm${others ? ' JOIN journey_contacts jf ON jf.conversation_id = cm.journey_first_id' : ''}`,
      where: `cm.journey_started_at >= ? AND cm.journey_started_at < ? AND ${w.sql}`,
      params: [...range, ...w.params],
    };
  }

  /**
   * The journeys within the filters: customers, journeys, those with a later contact, and anonymous conversations.
   */
  async journeyCounts(f: MetricFilter): Promise<{ customers: number; journeys: number; returning: number; anonymous: number }> {
    // A first contact is its own journey's first: the filters apply to it directly, no join.
    const s = this.journeys({ fromMs: f.fromMs, toMs: f.toMs });
    const w = this.metrics.where({ ...f, fromMs: undefined, toMs: undefined });
    const [r] = await this.q<Record<string, unknown>>(
      `SELECT COUNT(DISTINCT cm.customer_id) AS customers, SUM(CASE WHEN cm.customer_id IS NOT NULL THEN 1 ELSE 0 END) AS journeys,
              SUM(CASE WHEN cm.customer_id IS NOT NULL AND cm.journey_length > 1 THEN 1 ELSE 0 END) AS went_on,
              SUM(CASE WHEN cm.customer_id IS NULL THEN 1 ELSE 0 END) AS anonymous
       FROM ${s.from} WHERE ${s.where} AND cm.journey_step = 0 AND ${w.sql}`,
      [...s.params, ...w.params],
    );
    return { customers: Number(r?.customers ?? 0), journeys: Number(r?.journeys ?? 0), returning: Number(r?.went_on ?? 0), anonymous: Number(r?.anonymous ?? 0) };
  }

  /**
   * The links of the journeys within the filters, up to `steps` (all when omitted), from an intent (`from`: any when
   * undefined): one row per link, with its gaps.
   */
  async links(f: MetricFilter, { steps, from }: { steps?: number; from?: number | null } = {}): Promise<LinkRow[]> {
    const s = this.journeys(f);
    const where: string[] = [s.where, 'cm.journey_step >= 1', 'cm.customer_id IS NOT NULL'];
    const params = [...s.params];
    if (steps !== undefined) {
      where.push('cm.journey_step <= ?');
      params.push(steps);
    }
    if (from === null) where.push('cm.journey_prev_intent_id IS NULL');
    else if (from !== undefined) {
      where.push('cm.journey_prev_intent_id = ?');
      params.push(from);
    }
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.journey_step AS step, cm.journey_prev_intent_id AS a, cm.intent_id AS b, ${numberList(this.engine, 'cm.journey_gap_ms')} AS gaps
       FROM ${s.from} WHERE ${where.join(' AND ')} GROUP BY cm.journey_step, cm.journey_prev_intent_id, cm.intent_id`,
      params,
    );
    return rows.map((r) => ({ step: Number(r.step) - 1, from: num(r.a), to: num(r.b), gapsMs: numbersOf(r.gaps) }));
  }

  /** The first journeys (by their start) behind each of these links, at most EXAMPLES each: one index seek per link. */
  async linkExamples(f: MetricFilter, links: Pick<LinkRow, 'step' | 'from' | 'to'>[]): Promise<LinkExample[]> {
    if (links.length === 0) return [];
    const s = this.journeys(f);
    const params: unknown[] = [];
    const selects = links.map((l, i) => {
      params.push(...s.params, l.step + 1);
      const intent = (column: string, v: number | null) => {
        if (v === null) return `${column} IS NULL`;
        params.push(v);
        return `${column} = ?`;
      };
      const where = [s.where, 'cm.journey_step >= 1', 'cm.journey_step = ?', intent('cm.journey_prev_intent_id', l.from), intent('cm.intent_id', l.to), 'cm.customer_id IS NOT NULL'].join(' AND ');
      return `SELECT * FROM (SELECT cm.journey_step AS step, cm.journey_prev_intent_id AS a, cm.intent_id AS b, cm.customer_id, cm.journey_prev_id AS prev, cm.conversation_id AS id
         FROM ${s.from} WHERE ${where} ORDER BY cm.journey_started_at, cm.journey_first_id LIMIT ${EXAMPLES}) x${i}`;
    });
    const rows = await this.q<Record<string, unknown>>(selects.join(' UNION ALL '), params);
    return rows.map((r) => ({ step: Number(r.step) - 1, from: num(r.a), to: num(r.b), customerId: String(r.customer_id), fromConversation: String(r.prev), toConversation: String(r.id) }));
  }

  /** Contacts of known customers about an intent (null: none), in the journeys within the filters. */
  async contactsAbout(f: MetricFilter, intentId: number | null): Promise<number> {
    const s = this.journeys(f);
    const [r] = await this.q<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM ${s.from} WHERE ${s.where} AND cm.customer_id IS NOT NULL AND ${intentId === null ? 'cm.intent_id IS NULL' : 'cm.intent_id = ?'}`,
      intentId === null ? s.params : [...s.params, intentId],
    );
    return Number(r?.n ?? 0);
  }

  /** The contacts of the journeys within the filters, summed per intent, channel and issue channel (analytics' EffortGroup). */
  async effortGroups(f: MetricFilter): Promise<EffortGroup[]> {
    const s = this.journeys(f);
    const resolved = `cm.issue_last = 1 AND cm.outcome = 'resolved'`;
    const ended = 'COALESCE(cm.ended_at, cm.started_at)';
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.intent_id, cm.channel, cm.issue_channel, COUNT(*) AS n, SUM(cm.customer_turns) AS turns, ${numberList(this.engine, `${ended} - cm.started_at`)} AS durations,
              SUM(CASE WHEN ${resolved} THEN 1 ELSE 0 END) AS resolved, SUM(CASE WHEN ${resolved} THEN cm.issue_contacts ELSE 0 END) AS resolved_contacts,
              ${numberList(this.engine, `CASE WHEN ${resolved} THEN ${ended} - cm.issue_started_at END`)} AS spans
       FROM ${s.from} WHERE ${s.where} GROUP BY cm.intent_id, cm.channel, cm.issue_channel`,
      s.params,
    );
    return rows.map((r) => ({
      intentId: num(r.intent_id),
      channel: r.channel === null ? null : String(r.channel),
      issueChannel: r.issue_channel === null ? null : String(r.issue_channel),
      contacts: Number(r.n),
      customerTurns: Number(r.turns ?? 0),
      durationsMs: numbersOf(r.durations),
      resolvedIssues: Number(r.resolved ?? 0),
      resolvedIssueContacts: Number(r.resolved_contacts ?? 0),
      resolutionsMs: numbersOf(r.spans),
    }));
  }

  /**
   * The `top` customers who spent the most in the journeys within the filters: most contacts, then most customer
   * turns, then most time in conversations (docs/metrics.md). Summed over the journeys' first contacts, which keep
   * what their whole journey cost (facts.ts), so the filters apply to the row itself.
   */
  async topCustomers(f: MetricFilter, top: number): Promise<CustomerEffortRow[]> {
    const s = this.journeys({ fromMs: f.fromMs, toMs: f.toMs });
    const w = this.metrics.where({ ...f, fromMs: undefined, toMs: undefined });
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.customer_id, SUM(cm.journey_length) AS contacts, SUM(cm.journey_turns) AS turns, SUM(cm.journey_duration_ms) AS duration,
              SUM(cm.journey_unresolved) AS unresolved
       FROM ${s.from} WHERE ${s.where} AND cm.journey_step = 0 AND cm.customer_id IS NOT NULL AND ${w.sql}
       GROUP BY cm.customer_id ORDER BY contacts DESC, turns DESC, duration DESC, cm.customer_id LIMIT ${top}`,
      [...s.params, ...w.params],
    );
    return rows.map((r) => ({
      customerId: String(r.customer_id),
      contacts: Number(r.contacts),
      customerTurns: Number(r.turns ?? 0),
      durationMs: Number(r.duration ?? 0),
      unresolvedIssues: Number(r.unresolved ?? 0),
    }));
  }

  /** These customers' contacts in the journeys within the filters, in order. */
  async contactsOf(f: MetricFilter, customerIds: string[]): Promise<Map<string, { conversationId: string; intentId: number | null }[]>> {
    const out = new Map<string, { conversationId: string; intentId: number | null }[]>();
    if (customerIds.length === 0) return out;
    const s = this.journeys(f);
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.customer_id, cm.conversation_id, cm.intent_id FROM ${s.from} WHERE ${s.where} AND cm.customer_id IN (${customerIds.map(() => '?').join(',')})
       ORDER BY cm.customer_id, cm.started_at, cm.conversation_id`,
      [...s.params, ...customerIds],
    );
    for (const r of rows) {
      const list = out.get(String(r.customer_id)) ?? [];
      list.push({ conversationId: String(r.conversation_id), intentId: num(r.intent_id) });
      out.set(String(r.customer_id), list);
    }
    return out;
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
