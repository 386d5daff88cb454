import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANALYSED_TEXT, bind } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';
import type { ReadingGroup } from '../../../../analytics/src/intents/bot-readings';
import { factsByStart } from '../metrics/metrics.repository';
import { encodeCentroid, IntentRow, mapIntent, ROWS } from './analysis-rows';

export interface IntentFilter {
  fromMs?: number;
  toMs?: number;
  channel?: string;
  source?: string;
}

export interface IntentConversationStats {
  intentId: number;
  conversations: number;
  escalated: number;
}

/** The filters as SQL: the range on the `time` column, channel and source on the `alias` table's. */
export function intentWhere(f: IntentFilter, time: string, alias: string): { sql: string; params: unknown[] } {
  const parts = ['1 = 1'];
  const params: unknown[] = [];
  if (f.fromMs !== undefined) {
    parts.push(`${time} >= ?`);
    params.push(f.fromMs);
  }
  if (f.toMs !== undefined) {
    parts.push(`${time} < ?`);
    params.push(f.toMs);
  }
  if (f.channel !== undefined) {
    parts.push(`${alias}.channel = ?`);
    params.push(f.channel);
  }
  if (f.source !== undefined) {
    parts.push(`${alias}.source = ?`);
    params.push(f.source);
  }
  return { sql: parts.join(' AND '), params };
}

/** The intents: stored (centroids, labels, examples, merges) and read for the pages (counts, trends, sentiment within the filters). */
@Injectable()
export class IntentsRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /** Conversations per opening intent, and how many were handed to a person, from the conversation facts. */
  async conversationStats(f: IntentFilter): Promise<IntentConversationStats[]> {
    const w = intentWhere(f, 'cm.started_at', 'cm');
    const rows: { intent_id: number; n: string | number; e: string | number }[] = await this.ds.query(
      bind(this.engine, `SELECT cm.intent_id, COUNT(*) AS n, SUM(cm.handoff) AS e FROM conversation_metrics cm ${factsByStart(this.engine)} WHERE cm.intent_id IS NOT NULL AND ${w.sql} GROUP BY cm.intent_id`),
      w.params,
    );
    return rows.map((r) => ({ intentId: Number(r.intent_id), conversations: Number(r.n), escalated: Number(r.e) }));
  }

  /** Customer messages per conversation act, and the conversations they are in. */
  async actCounts(f: IntentFilter): Promise<{ act: string; messages: number; conversations: number }[]> {
    const w = intentWhere(f, 'a.sent_at', 'a');
    // Each act's messages of the range, from the index that starts with the act (migration MessageDays).
    const rows = await this.q<{ act: string; n: string | number; c: string | number }>(
      `SELECT a.act, COUNT(*) AS n, COUNT(DISTINCT a.conversation_id) AS c FROM message_analysis a WHERE a.act IS NOT NULL AND ${w.sql} GROUP BY a.act`,
      w.params,
    );
    return rows.map((r) => ({ act: r.act, messages: Number(r.n), conversations: Number(r.c) }));
  }

  /**
   * Customer messages whose log carries the bot's own intent, grouped by that intent and by Seam's reading of them
   * (intent or act), with how many the bot matched below `threshold` and how many it scored at all.
   */
  async botReadings(f: IntentFilter, threshold: number): Promise<ReadingGroup[]> {
    const w = intentWhere(f, 'a.sent_at', 'a');
    const rows = await this.q<{ bot_intent: string; intent_id: number | null; act: string | null; n: string | number; low: string | number; scored: string | number }>(
      `SELECT m.bot_intent, a.intent_id, a.act, COUNT(*) AS n, SUM(CASE WHEN m.bot_confidence < ? THEN 1 ELSE 0 END) AS low, COUNT(m.bot_confidence) AS scored
       FROM message_analysis a JOIN messages m ON m.id = a.message_id
       WHERE m.bot_intent IS NOT NULL AND ${w.sql}
       GROUP BY m.bot_intent, a.intent_id, a.act`,
      [threshold, ...w.params],
    );
    return rows.map((r) => ({ botIntent: r.bot_intent, intentId: r.intent_id === null ? null : Number(r.intent_id), act: r.act, messages: Number(r.n), low: Number(r.low ?? 0), scored: Number(r.scored) }));
  }

  /** Conversations with an intent, and those whose intent is a bot's. */
  async coverageCounts(f: IntentFilter): Promise<{ conversations: number; coveredConversations: number }> {
    const c = intentWhere(f, 'cm.started_at', 'cm');
    const [k] = await this.q<{ n: string | number | null; covered: string | number | null }>(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN i.origin = 'bot' THEN 1 ELSE 0 END) AS covered
       FROM conversation_metrics cm ${factsByStart(this.engine)} JOIN intents i ON i.id = cm.intent_id WHERE ${c.sql}`,
      c.params,
    );
    return { conversations: Number(k?.n ?? 0), coveredConversations: Number(k?.covered ?? 0) };
  }

  /** Per conversation intent: conversations and how they went wrong (handed over, fell back, abandoned, came back). */
  async outcomes(f: IntentFilter): Promise<Map<number, { conversations: number; handoffs: number; fallbacks: number; abandoned: number; repeats: number }>> {
    const w = intentWhere(f, 'cm.started_at', 'cm');
    const rows = await this.q<Record<string, string | number>>(
      `SELECT cm.intent_id AS intent_id, COUNT(*) AS n, SUM(cm.handoff) AS handoffs,
              SUM(CASE WHEN cm.bot_engaged = 1 AND cm.fallbacks > 0 THEN 1 ELSE 0 END) AS fallbacks,
              SUM(CASE WHEN cm.abandoned_after_fallback = 1 OR cm.abandoned_after_handoff = 1 THEN 1 ELSE 0 END) AS abandoned,
              SUM(CASE WHEN cm.customer_known = 1 AND cm.repeat_any = 1 THEN 1 ELSE 0 END) AS repeats
       FROM conversation_metrics cm ${factsByStart(this.engine)} WHERE cm.intent_id IS NOT NULL AND ${w.sql} GROUP BY cm.intent_id`,
      w.params,
    );
    return new Map(rows.map((r) => [Number(r.intent_id), { conversations: Number(r.n), handoffs: Number(r.handoffs ?? 0), fallbacks: Number(r.fallbacks ?? 0), abandoned: Number(r.abandoned ?? 0), repeats: Number(r.repeats ?? 0) }]));
  }

  /** Per conversation intent: its conversations in which the customer chased for an update. */
  async chasingByIntent(f: IntentFilter): Promise<Map<number, number>> {
    // Counted over the same conversations as the intent's conversation count (conversationStats): by start, channel, source.
    const w = intentWhere(f, 'cm.started_at', 'cm');
    const rows = await this.q<{ intent_id: number; n: string | number }>(
      // From the few chasing messages to their conversations (CROSS JOIN keeps that order on SQLite; the other way
      // round reads every conversation of the range).
      `SELECT cm.intent_id, COUNT(DISTINCT a.conversation_id) AS n FROM message_analysis a CROSS JOIN conversation_metrics cm
       WHERE cm.conversation_id = a.conversation_id AND a.act = 'chasing' AND cm.intent_id IS NOT NULL AND ${w.sql} GROUP BY cm.intent_id`,
      w.params,
    );
    return new Map(rows.map((r) => [Number(r.intent_id), Number(r.n)]));
  }

  /** The latest `limit` conversations of each intent, in one query. */
  async recentConversationsOf(intentIds: number[], limit: number): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(intentIds.map((id) => [id, []]));
    for (let i = 0; i < intentIds.length; i += ROWS) {
      const chunk = intentIds.slice(i, i + ROWS);
      const rows = await this.q<{ intent_id: number; id: string }>(
        `SELECT intent_id, id FROM (
           SELECT ca.intent_id, c.id, ROW_NUMBER() OVER (PARTITION BY ca.intent_id ORDER BY c.started_at DESC, c.id) AS rn
           FROM conversation_analysis ca JOIN conversations c ON c.id = ca.conversation_id
           WHERE ca.intent_id IN (${chunk.map(() => '?').join(',')}) AND c.visible = 1) ranked
         WHERE rn <= ? ORDER BY intent_id, rn`,
        [...chunk, limit],
      );
      for (const r of rows) out.get(Number(r.intent_id))!.push(r.id);
    }
    return out;
  }

  async recentConversations(intentId: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      bind(this.engine, `SELECT c.id FROM conversation_analysis ca JOIN conversations c ON c.id = ca.conversation_id WHERE ca.intent_id = ? AND c.visible = 1 ORDER BY c.started_at DESC LIMIT ?`),
      [intentId, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Distinct customer texts with their map position, the most frequent first. */
  async mapPoints(spaceId: number, limit: number): Promise<{ x: number; y: number; intentId: number | null; text: string; count: number }[]> {
    const rows: { x: number; y: number; intent: number | null; text: string; n: string | number }[] = await this.ds.query(
      bind(
        this.engine,
        `SELECT tv.x AS x, tv.y AS y, MAX(a.intent_id) AS intent, MIN(m.text) AS text, COUNT(*) AS n
         FROM message_analysis a
         JOIN text_vectors tv ON tv.text_hash = a.text_hash AND tv.space_id = ?
         JOIN messages m ON m.id = a.message_id
         WHERE tv.x IS NOT NULL
         GROUP BY a.text_hash, tv.x, tv.y ORDER BY n DESC, a.text_hash LIMIT ?`,
      ),
      [spaceId, limit],
    );
    return rows.map((r) => ({ x: Number(r.x), y: Number(r.y), intentId: r.intent === null ? null : Number(r.intent), text: r.text, count: Number(r.n) }));
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

  /** Each merged intent and the intent it was merged into. */
  async mergedInto(): Promise<Map<number, number>> {
    return new Map((await this.intents(null, ['merged'])).flatMap((m) => (m.mergedInto ? [[m.id, m.mergedInto] as [number, number]] : [])));
  }

  async intent(id: number): Promise<IntentRow | null> {
    const rows = await this.q(`SELECT * FROM intents WHERE id = ?`, [id]);
    return rows[0] ? mapIntent(rows[0]) : null;
  }

  async createIntent(i: Omit<IntentRow, 'id'>): Promise<number> {
    const now = Date.now();
    const rows = await this.q<{ id: number }>(
      `INSERT INTO intents (space_id, label, custom_label, keywords, examples, size, centroid, x, y, status, merged_into, locked, origin, bot_intent_id, created_at, updated_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
      [i.spaceId, i.label, i.customLabel, JSON.stringify(i.keywords), JSON.stringify(i.examples), i.size, encodeCentroid(i.centroid), i.x, i.y, i.status, i.mergedInto, i.locked ? 1 : 0, i.origin, i.botIntentId, now, now],
    );
    return Number(rows[0].id);
  }

  async updateIntent(id: number, fields: Partial<Omit<IntentRow, 'id'>>): Promise<void> {
    const map: Record<string, (v: unknown) => unknown> = {
      spaceId: (v) => v, label: (v) => v, customLabel: (v) => v, keywords: (v) => JSON.stringify(v), examples: (v) => JSON.stringify(v), size: (v) => v,
      centroid: (v) => encodeCentroid(v as Float32Array), x: (v) => v, y: (v) => v, status: (v) => v, mergedInto: (v) => v, locked: (v) => (v ? 1 : 0),
      origin: (v) => v, botIntentId: (v) => v,
    };
    const column = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const entries = Object.entries(fields).filter(([k]) => map[k]);
    await this.q(
      `UPDATE intents SET ${[...entries.map(([k]) => `${column(k)} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`,
      [...entries.map(([k, v]) => map[k](v)), Date.now(), id],
    );
  }

  /**
   * What each text's messages are: an intent (with the recognition's confidence and bot version when the bot's
   * intent covers it), or a conversation act (then no intent). Rows that already say so are not written (after a
   * re-cluster most texts keep their intent: neither their indexes nor the per-day counts' triggers are touched).
   */
  async assignIntents(assignments: { hash: string; intentId: number | null; act?: string | null; confidence?: number | null; botVersionId?: number | null }[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < assignments.length; i += ROWS) {
        const chunk = assignments.slice(i, i + ROWS);
        await this.q(
          `UPDATE message_analysis SET intent_id = v.column2, act = v.column3, intent_confidence = v.column4, bot_version_id = v.column5
           FROM (VALUES ${chunk.map(() => '(?, CAST(? AS INTEGER), CAST(? AS VARCHAR(20)), CAST(? AS REAL), CAST(? AS INTEGER))').join(',')}) AS v
           WHERE message_analysis.text_hash = v.column1
             AND (message_analysis.intent_id IS DISTINCT FROM v.column2 OR message_analysis.act IS DISTINCT FROM v.column3
               OR message_analysis.intent_confidence IS DISTINCT FROM v.column4 OR message_analysis.bot_version_id IS DISTINCT FROM v.column5)`,
          chunk.flatMap((a) => [a.hash, a.intentId, a.act ?? null, a.confidence ?? null, a.botVersionId ?? null]),
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
}
