import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Breakdown, ConversationFacts, MetricConversation, OtherContact } from '../../../../analytics/src';
import { transaction } from '../../database/transaction';
import { ANALYSED_TEXT, Engine, metadataField } from '../../database/dialect';
import { numberOrNull } from '../../database/column-transformers';
import { SqlRepository } from '../../database/sql-repository';

export interface MetricFilter {
  fromMs?: number;
  toMs?: number;
  channel?: string;
  source?: string;
  intentId?: number;
  /** New customers' first contacts, or returning customers' later ones (conversations without a customer are neither). */
  segment?: 'new' | 'returning';
  /** Conversations whose metadata field has this value (text). */
  meta?: { field: string; value: string };
}

export interface ConversationHead {
  id: string;
  customerId: string | null;
  startedAt: number;
  channel: string | null;
  source: string;
  intentId: number | null;
  messageCount: number;
  analysisRunId: number | null;
  endedAt: number | null;
  customerTurns: number;
}

export interface FactsRow {
  head: ConversationHead;
  facts: ConversationFacts;
  endedNegative: boolean;
  /** Sum and count of the customer-message sentiment scores, so means over any filter stay message-weighted. */
  sentimentSum: number;
  sentimentCount: number;
}

export interface FlagRow {
  id: number;
  conversationId: string;
  reason: string;
  severity: string;
  evidence: string[];
  detail: string;
  status: string;
  assignee: string | null;
  note: string | null;
  /** Still found by the detectors (in the review queue). */
  active: boolean;
  createdAt: number;
  updatedAt: number;
  startedAt: number;
  channel: string | null;
  intentId: number | null;
}

const ROWS = 400;
export const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3 };
const b = (v: boolean) => (v ? 1 : 0);

/**
 * Conversations' facts read by start (and channel, source, segment) for sums: the index holding every column the
 * rates, durations and intents' counts read (migration CoveringMetricReads). SQLite's planner would rather walk the
 * index on intent and start and read a table row per conversation, four times slower, except when one intent is
 * asked for; PostgreSQL chooses for itself.
 */
export function factsByStart(engine: Engine, oneIntent = false): string {
  return engine === 'sqlite' && !oneIntent ? 'INDEXED BY ix_conversation_metrics_sums' : '';
}

/** The facts of its conversation a flag carries (migration CoveringMetricReads), in this order. */
const FLAG_FACTS = ['started_at', 'channel', 'source', 'intent_id', 'returning_customer', 'handoff', 'repeat_same_intent', 'ended_negative'];

function flagFacts(r: FactsRow | undefined): (string | number | null)[] {
  if (!r) return FLAG_FACTS.map(() => null);
  const { head: h, facts: f } = r;
  return [h.startedAt, h.channel, h.source, h.intentId, f.returning === null ? null : b(f.returning), b(f.handoff), b(f.repeatSameIntent), b(r.endedNegative)];
}
/** All SQL of the metrics: recomputing facts and flags, and the aggregates behind the metric endpoints. */
@Injectable()
export class MetricsRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }


  /** The filter as SQL over `cm` (conversation_metrics). */
  where(f: MetricFilter, alias = 'cm'): { sql: string; params: unknown[] } {
    const parts: string[] = ['1 = 1'];
    const params: unknown[] = [];
    const add = (cond: string, v: unknown) => {
      parts.push(cond);
      params.push(v);
    };
    if (f.fromMs !== undefined) add(`${alias}.started_at >= ?`, f.fromMs);
    if (f.toMs !== undefined) add(`${alias}.started_at < ?`, f.toMs);
    if (f.channel !== undefined) add(`${alias}.channel = ?`, f.channel);
    if (f.source !== undefined) add(`${alias}.source = ?`, f.source);
    if (f.intentId !== undefined) add(`${alias}.intent_id = ?`, f.intentId);
    if (f.segment !== undefined) add(`${alias}.returning_customer = ?`, f.segment === 'returning' ? 1 : 0);
    if (f.meta !== undefined) add(`${metadataField(this.engine, `${alias}.conversation_id`, f.meta.field)} = ?`, f.meta.value);
    return { sql: parts.join(' AND '), params };
  }

  async dataEnd(): Promise<number> {
    const [r] = await this.q<{ t: string | number | null }>('SELECT MAX(ended_at) AS t FROM conversations WHERE visible = 1');
    return r?.t === null || r?.t === undefined ? 0 : Number(r.t);
  }

  /**
   * Conversations whose facts are missing or out of date: new messages, new analysis, or a pending repeat window
   * that has now closed. One whose text retention deleted keeps its facts; it gets them only when it has none
   * (a Seam export of it imported into another database).
   */
  async staleConversations(dataEnd: number, windowMs: number): Promise<{ id: string; customerId: string | null; startedAt: number }[]> {
    const rows = await this.q<{ id: string; customerId: string | null; startedAt: string | number }>(
      `SELECT c.id AS "id", c.customer_id AS "customerId", c.started_at AS "startedAt" FROM conversations c
       LEFT JOIN conversation_metrics cm ON cm.conversation_id = c.id
       LEFT JOIN conversation_analysis ca ON ca.conversation_id = c.id
       WHERE c.visible = 1 AND (cm.conversation_id IS NULL OR c.text_purged_at IS NULL) AND (cm.conversation_id IS NULL OR cm.message_count <> c.message_count
         OR COALESCE(cm.analysis_run_id, 0) <> COALESCE(ca.analysis_run_id, 0) OR COALESCE(cm.intent_id, 0) <> COALESCE(ca.intent_id, 0)
         OR (cm.bot_engaged = 1 AND cm.deflected IS NULL AND c.ended_at + ? <= ?))`,
      [windowMs, dataEnd],
    );
    return rows.map((r) => ({ ...r, startedAt: Number(r.startedAt) }));
  }

  async allConversationIds(): Promise<{ id: string; customerId: string | null; startedAt?: number }[]> {
    return this.q(`SELECT id AS "id", customer_id AS "customerId" FROM conversations WHERE visible = 1 AND text_purged_at IS NULL ORDER BY id`);
  }

  /** The customers' conversations that ended at or after `endedSince`: the only ones a newer contact can change. */
  async conversationsOfCustomers(customerIds: string[], endedSince: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < customerIds.length; i += ROWS) {
      const chunk = customerIds.slice(i, i + ROWS);
      const rows = await this.q<{ id: string }>(
        `SELECT id FROM conversations WHERE visible = 1 AND ended_at >= ? AND customer_id IN (${chunk.map(() => '?').join(',')})`,
        [endedSince, ...chunk],
      );
      for (const r of rows) out.push(r.id);
    }
    return out;
  }

  /** Heads and messages (with customer sentiment) of a set of conversations, in order. */
  async load(ids: string[]): Promise<{ head: ConversationHead; conversation: MetricConversation }[]> {
    const marks = ids.map(() => '?').join(',');
    // The analysis is looked up by key (the conversation's, by subquery; the messages', narrowed to the same
    // conversations in the join): with a plain join PostgreSQL hashed all of message_analysis for every chunk
    // (130 ms a chunk at 1M messages instead of 27 ms).
    const analysis = (column: string) => `(SELECT ca.${column} FROM conversation_analysis ca WHERE ca.conversation_id = c.id) AS ${column}`;
    const heads = await this.q<Record<string, unknown>>(
      `SELECT c.id, c.customer_id, c.started_at, c.ended_at, c.customer_turns, c.channel, c.source, c.message_count, ${analysis('intent_id')}, ${analysis('analysis_run_id')}
       FROM conversations c WHERE c.id IN (${marks})`,
      ids,
    );
    const messages = await this.q<Record<string, unknown>>(
      `SELECT m.conversation_id, m.id, m.role, m.sent_at, ${ANALYSED_TEXT} AS text, m.event, m.event_value, a.sentiment,
              a.human_similarity, a.repeat_of, a.repeat_similarity
       FROM messages m LEFT JOIN message_analysis a ON a.message_id = m.id AND a.conversation_id IN (${marks})
       WHERE m.conversation_id IN (${marks})
       ORDER BY m.conversation_id, m.sent_at, m.seq`,
      [...ids, ...ids],
    );
    const byConversation = new Map<string, MetricConversation['messages']>();
    for (const m of messages) {
      const list = byConversation.get(m.conversation_id as string) ?? [];
      list.push({
        id: m.id as string,
        role: m.role as never,
        at: Number(m.sent_at),
        text: m.text as string,
        event: (m.event as never) ?? null,
        eventValue: numberOrNull(m.event_value),
        sentiment: numberOrNull(m.sentiment),
        humanSimilarity: numberOrNull(m.human_similarity),
        repeatOf: (m.repeat_of as string | null) ?? null,
        repeatSimilarity: numberOrNull(m.repeat_similarity),
      });
      byConversation.set(m.conversation_id as string, list);
    }
    return heads.map((h) => {
      const head: ConversationHead = {
        id: h.id as string,
        customerId: (h.customer_id as string | null) ?? null,
        startedAt: Number(h.started_at),
        channel: (h.channel as string | null) ?? null,
        source: h.source as string,
        intentId: h.intent_id === null || h.intent_id === undefined ? null : Number(h.intent_id),
        messageCount: Number(h.message_count),
        analysisRunId: h.analysis_run_id === null || h.analysis_run_id === undefined ? null : Number(h.analysis_run_id),
        endedAt: numberOrNull(h.ended_at),
        customerTurns: Number(h.customer_turns ?? 0),
      };
      return { head, conversation: { id: head.id, customerId: head.customerId, intentId: head.intentId, messages: byConversation.get(head.id) ?? [] } };
    });
  }

  /** Each customer's conversations (start and intent), for repeat contacts. */
  async contactsOf(customerIds: string[]): Promise<Map<string, OtherContact[]>> {
    const out = new Map<string, OtherContact[]>();
    for (let i = 0; i < customerIds.length; i += ROWS) {
      const chunk = customerIds.slice(i, i + ROWS);
      const rows = await this.q<Record<string, unknown>>(
        `SELECT c.id, c.customer_id, c.started_at, (SELECT ca.intent_id FROM conversation_analysis ca WHERE ca.conversation_id = c.id) AS intent_id
         FROM conversations c WHERE c.visible = 1 AND c.customer_id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const r of rows) {
        const list = out.get(r.customer_id as string) ?? [];
        list.push({ id: r.id as string, startedAt: Number(r.started_at), intentId: r.intent_id === null ? null : Number(r.intent_id) });
        out.set(r.customer_id as string, list);
      }
    }
    return out;
  }

  /**
   * Stores a chunk's facts and flags in one transaction: a process killed between the two cannot leave facts that
   * look up to date beside the flags of before (staleConversations finds whatever is left).
   */
  async saveChunk(rows: FactsRow[], conversationIds: string[], found: Map<string, Breakdown[]>): Promise<void> {
    await transaction(this.ds, async (em) => {
      await this.saveFlags(conversationIds, found, new Map(rows.map((r) => [r.head.id, r])), em);
      await this.saveFacts(rows, em);
    });
  }

  private async saveFacts(rows: FactsRow[], em: EntityManager): Promise<void> {
    const now = Date.now();
    const columns = [
      'conversation_id', 'started_at', 'channel', 'source', 'intent_id', 'customer_known', 'bot_engaged', 'handoff', 'contained', 'deflected',
      'abandoned_after_fallback', 'abandoned_after_handoff', 'repeat_any', 'repeat_same_intent', 'time_to_handoff_ms', 'bot_turns_before_handoff',
      'bot_turns', 'fallbacks', 'first_response_ms', 'resolved', 'csat', 'sentiment_before', 'sentiment_after', 'sentiment_sum', 'sentiment_count', 'ended_negative', 'path', 'outcome',
      'message_count', 'analysis_run_id', 'computed_at', 'returning_customer', 'customer_id', 'ended_at', 'customer_turns',
    ];
    const updates = columns.filter((c) => c !== 'conversation_id').map((c) => `${c} = excluded.${c}`).join(', ');
    await this.writeRows(
      em,
      'conversation_metrics',
      columns,
      rows.map(({ head: h, facts: f, endedNegative, sentimentSum, sentimentCount }) => [
        h.id, h.startedAt, h.channel, h.source, h.intentId, b(h.customerId !== null), b(f.botEngaged), b(f.handoff), b(f.contained),
        f.deflected === null ? null : b(f.deflected), b(f.abandonedAfterFallback), b(f.abandonedAfterHandoff), b(f.repeatAny), b(f.repeatSameIntent),
        f.timeToHandoffMs, f.botTurnsBeforeHandoff, f.botTurns, f.fallbacks, f.firstResponseAfterHandoffMs, b(f.resolved), f.csat,
        f.sentimentBeforeHandoff, f.sentimentAfterHandoff, sentimentSum, sentimentCount, b(endedNegative), f.path, f.outcome, h.messageCount, h.analysisRunId, now,
        f.returning === null ? null : b(f.returning), h.customerId, h.endedAt, h.customerTurns,
      ]),
      `ON CONFLICT (conversation_id) DO UPDATE SET ${updates}`,
    );
  }

  /**
   * Replaces the detector findings of these conversations, keeping reviewers' status, assignee and note on flags that
   * stay. Each flag carries the facts of its conversation the breakdowns read (migration CoveringMetricReads).
   */
  private async saveFlags(conversationIds: string[], found: Map<string, Breakdown[]>, facts: Map<string, FactsRow>, em: EntityManager): Promise<void> {
    const now = Date.now();
    // Flags found again stay as they are; only those no longer found are set inactive, and only found flags that
    // differ are written (a recompute after a re-cluster finds most flags again, each a rewrite of the row and its
    // indexes otherwise).
    for (let i = 0; i < conversationIds.length; i += ROWS) {
      const chunk = conversationIds.slice(i, i + ROWS);
      const kept = chunk.flatMap((id) => (found.get(id) ?? []).map((f) => `${id} ${f.reason}`));
      await this.q(
        // `+active`: SQLite would otherwise read every active flag through the queue's index.
        `UPDATE flags SET active = 0 WHERE +active = 1 AND conversation_id IN (${chunk.map(() => '?').join(',')})
         ${kept.length > 0 ? `AND conversation_id || ' ' || reason NOT IN (${kept.map(() => '?').join(',')})` : ''}`,
        [...chunk, ...kept],
        em,
      );
    }
    const rows = conversationIds.flatMap((id) => (found.get(id) ?? []).map((f) => ({ id, f })));
    const written = ['severity', 'severity_rank', 'evidence', 'detail', ...FLAG_FACTS];
    await this.writeRows(
      em,
      'flags',
      ['conversation_id', 'reason', 'severity', 'severity_rank', 'evidence', 'detail', 'active', 'status', 'created_at', 'updated_at', ...FLAG_FACTS],
      rows.map(({ id, f }) => [id, f.reason, f.severity, SEVERITY_RANK[f.severity], JSON.stringify(f.evidence), f.detail, 1, 'open', now, now, ...flagFacts(facts.get(id))]),
      `ON CONFLICT (conversation_id, reason) DO UPDATE SET active = 1, ${written.map((c) => `${c} = excluded.${c}`).join(', ')}
       WHERE flags.active = 0 OR ${written.map((c) => `flags.${c} IS DISTINCT FROM excluded.${c}`).join(' OR ')}`,
    );
  }

  /**
   * The sums every rate is made of, and the mean sentiment of their analysed customer messages, for conversations
   * matching the filter, optionally grouped by a column expression: one pass.
   */
  async sums(f: MetricFilter, groupBy?: string): Promise<Record<string, number | null>[]> {
    const w = this.where(f);
    const group = groupBy ? `${groupBy} AS grp,` : '';
    const rows = await this.q<Record<string, unknown>>(
      `SELECT ${group}
         COUNT(*) AS conversations,
         SUM(cm.bot_engaged) AS bot_engaged,
         SUM(cm.contained) AS contained,
         SUM(CASE WHEN cm.deflected = 1 THEN 1 ELSE 0 END) AS deflected,
         SUM(CASE WHEN cm.bot_engaged = 1 AND cm.deflected IS NULL THEN 1 ELSE 0 END) AS deflection_pending,
         SUM(cm.handoff) AS handoffs,
         SUM(CASE WHEN cm.bot_engaged = 1 AND cm.handoff = 1 THEN 1 ELSE 0 END) AS escalated,
         SUM(cm.bot_turns) AS bot_messages,
         SUM(cm.fallbacks) AS fallback_messages,
         SUM(CASE WHEN cm.bot_engaged = 1 AND cm.fallbacks > 0 THEN 1 ELSE 0 END) AS with_fallback,
         SUM(cm.customer_known) AS customer_known,
         SUM(CASE WHEN cm.customer_known = 1 AND cm.repeat_any = 1 THEN 1 ELSE 0 END) AS repeat_any,
         SUM(CASE WHEN cm.customer_known = 1 AND cm.repeat_same_intent = 1 THEN 1 ELSE 0 END) AS repeat_same_intent,
         SUM(cm.abandoned_after_fallback) AS abandoned_after_fallback,
         SUM(cm.abandoned_after_handoff) AS abandoned_after_handoff,
         AVG(cm.bot_turns_before_handoff) AS bot_turns_before_handoff,
         AVG(cm.csat) AS csat,
         COUNT(cm.csat) AS csat_responses,
         AVG(CASE WHEN cm.sentiment_before IS NOT NULL AND cm.sentiment_after IS NOT NULL THEN cm.sentiment_before END) AS sentiment_before,
         AVG(CASE WHEN cm.sentiment_before IS NOT NULL AND cm.sentiment_after IS NOT NULL THEN cm.sentiment_after END) AS sentiment_after,
         SUM(cm.ended_negative) AS ended_negative,
         SUM(cm.sentiment_sum) / NULLIF(SUM(cm.sentiment_count), 0) AS average_sentiment
       FROM conversation_metrics cm ${factsByStart(this.engine, f.intentId !== undefined)} WHERE ${w.sql}
       ${groupBy ? `GROUP BY ${groupBy} ORDER BY grp` : ''}`,
      w.params,
    );
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? null : k === 'grp' && typeof v === 'string' && !/^-?\d+$/.test(v) ? (v as never) : Number(v)])));
  }

  /**
   * The SQL that names a conversation's segment: new or returning customer (`customers`), its channel, or a field of
   * its metadata (`meta.<field>`, dialect.ts `metadataField`).
   */
  segmentExpression(by: string): string {
    if (by === 'customers') return 'cm.returning_customer';
    if (by === 'channel') return 'cm.channel';
    return metadataField(this.engine, 'cm.conversation_id', by.slice('meta.'.length));
  }

  /** Values of a duration column (for medians and percentiles, computed the same way on both engines). */
  async durations(f: MetricFilter, column: 'time_to_handoff_ms' | 'first_response_ms'): Promise<number[]> {
    const w = this.where(f);
    const rows = await this.q<{ v: unknown }>(`SELECT cm.${column} AS v FROM conversation_metrics cm ${factsByStart(this.engine, f.intentId !== undefined)} WHERE ${w.sql} AND cm.${column} IS NOT NULL`, w.params);
    return rows.map((r) => Number(r.v)).sort((x, y) => x - y);
  }

  /** Active flags per reason with what they cost, and per intent × reason. */
  async breakdownRows(f: MetricFilter): Promise<{ reason: string; intentId: number | null; conversations: number; handoffs: number; repeats: number; negative: number; high: number }[]> {
    // The flags' own copy of their conversations' facts: the filters apply to it, no join (saveFlags).
    const w = this.where(f, 'fl');
    const rows = await this.q<Record<string, unknown>>(
      `SELECT fl.reason, fl.intent_id, COUNT(*) AS n, SUM(fl.handoff) AS h, SUM(fl.repeat_same_intent) AS r, SUM(fl.ended_negative) AS neg,
              SUM(CASE WHEN fl.severity_rank = 3 THEN 1 ELSE 0 END) AS high
       FROM flags fl WHERE fl.active = 1 AND ${w.sql} GROUP BY fl.reason, fl.intent_id ORDER BY fl.reason, fl.intent_id`,
      w.params,
    );
    return rows.map((r) => ({
      reason: r.reason as string,
      intentId: r.intent_id === null ? null : Number(r.intent_id),
      conversations: Number(r.n),
      handoffs: Number(r.h),
      repeats: Number(r.r),
      negative: Number(r.neg),
      high: Number(r.high),
    }));
  }

  /** Conversations by path and outcome, for the flow chart. */
  async flowRows(f: MetricFilter): Promise<{ path: string; fallback: boolean; outcome: string; n: number }[]> {
    const w = this.where(f);
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.path, CASE WHEN cm.fallbacks > 0 THEN 1 ELSE 0 END AS fb, cm.outcome, COUNT(*) AS n
       FROM conversation_metrics cm WHERE ${w.sql} GROUP BY cm.path, CASE WHEN cm.fallbacks > 0 THEN 1 ELSE 0 END, cm.outcome`,
      w.params,
    );
    return rows.map((r) => ({ path: r.path as string, fallback: Number(r.fb) === 1, outcome: r.outcome as string, n: Number(r.n) }));
  }

  async listFlags(
    f: MetricFilter & { reason?: string; severity?: string; status?: string; assignee?: string; conversationId?: string },
    limit: number,
    after?: { rank: number; startedAt: number; id: number },
  ): Promise<FlagRow[]> {
    const w = this.where(f);
    const parts = [w.sql, 'fl.active = 1'];
    const params = [...w.params];
    for (const [col, v] of [['fl.reason', f.reason], ['fl.severity', f.severity], ['fl.status', f.status], ['fl.assignee', f.assignee], ['fl.conversation_id', f.conversationId]] as const) {
      if (v !== undefined) {
        parts.push(`${col} = ?`);
        params.push(v);
      }
    }
    if (after) {
      parts.push('(fl.severity_rank < ? OR (fl.severity_rank = ? AND (cm.started_at < ? OR (cm.started_at = ? AND fl.id < ?))))');
      params.push(after.rank, after.rank, after.startedAt, after.startedAt, after.id);
    }
    const rows = await this.q<Record<string, unknown>>(
      `SELECT fl.*, cm.started_at, cm.channel, cm.intent_id FROM flags fl JOIN conversation_metrics cm ON cm.conversation_id = fl.conversation_id
       WHERE ${parts.join(' AND ')} ORDER BY fl.severity_rank DESC, cm.started_at DESC, fl.id DESC LIMIT ?`,
      [...params, limit],
    );
    return rows.map((r) => this.mapFlag(r));
  }

  async flag(id: number): Promise<FlagRow | null> {
    const [r] = await this.q<Record<string, unknown>>(
      `SELECT fl.*, cm.started_at, cm.channel, cm.intent_id FROM flags fl JOIN conversation_metrics cm ON cm.conversation_id = fl.conversation_id WHERE fl.id = ?`,
      [id],
    );
    return r ? this.mapFlag(r) : null;
  }

  async updateFlag(id: number, fields: { status?: string; assignee?: string | null; note?: string | null }): Promise<void> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await this.q(`UPDATE flags SET ${[...entries.map(([k]) => `${k} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`, [...entries.map(([, v]) => v), Date.now(), id]);
  }

  private mapFlag(r: Record<string, unknown>): FlagRow {
    return {
      id: Number(r.id),
      conversationId: r.conversation_id as string,
      reason: r.reason as string,
      severity: r.severity as string,
      evidence: JSON.parse(r.evidence as string),
      detail: r.detail as string,
      status: r.status as string,
      assignee: (r.assignee as string | null) ?? null,
      note: (r.note as string | null) ?? null,
      active: Number(r.active) === 1,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
      startedAt: Number(r.started_at),
      channel: (r.channel as string | null) ?? null,
      intentId: r.intent_id === null ? null : Number(r.intent_id),
    };
  }

  async intentLabels(): Promise<Map<number, string>> {
    const rows = await this.q<{ id: number; label: string }>(`SELECT id, COALESCE(custom_label, label) AS label FROM intents`);
    return new Map(rows.map((r) => [Number(r.id), r.label]));
  }

  /**
   * Fresh planner statistics after a large write: without them SQLite picks nested scans for the flag joins. On
   * PostgreSQL the facts, journeys, flags and messages' analysis are vacuumed too: a large write leaves every row's old
   * version behind, and until a vacuum marks the pages visible, index-only scans (the grid's, the behaviour views', the
   * Intents page's acts) read the table anyway (the Intents page took 588 ms at 1,000,000 messages, 193 ms after).
   */
  async analyze(): Promise<void> {
    if (this.engine === 'sqlite') await this.ds.query('ANALYZE');
    else {
      await this.ds.query('VACUUM (ANALYZE) conversation_metrics, journey_contacts, flags, message_analysis');
      await this.ds.query('ANALYZE conversation_analysis');
    }
  }
}
