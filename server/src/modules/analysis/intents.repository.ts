import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { bind } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';

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

const DAY_MS = 86_400_000;

/** Read queries behind the intents pages: counts, trends and sentiment within the dashboard's filters. */
@Injectable()
export class IntentsRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  private filter(f: IntentFilter, time: string, alias: string): { sql: string; params: unknown[] } {
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

  /** Conversations per opening intent, and how many were handed to a person, from the conversation facts. */
  async conversationStats(f: IntentFilter): Promise<IntentConversationStats[]> {
    const w = this.filter(f, 'cm.started_at', 'cm');
    const rows: { intent_id: number; n: string | number; e: string | number }[] = await this.ds.query(
      bind(this.engine, `SELECT cm.intent_id, COUNT(*) AS n, SUM(cm.handoff) AS e FROM conversation_metrics cm WHERE cm.intent_id IS NOT NULL AND ${w.sql} GROUP BY cm.intent_id`),
      w.params,
    );
    return rows.map((r) => ({ intentId: Number(r.intent_id), conversations: Number(r.n), escalated: Number(r.e) }));
  }

  /** Customer messages per intent per UTC day, with their sentiment sums: one scan gives totals and trends. */
  async dailyCounts(f: IntentFilter, intentId?: number): Promise<{ intentId: number; day: number; messages: number; sentimentSum: number; sentimentCount: number }[]> {
    const w = this.filter(f, 'a.sent_at', 'a');
    const only = intentId === undefined ? '' : 'AND a.intent_id = ?';
    const rows: { intent_id: number; d: string | number; n: string | number; s: number | null; sc: string | number }[] = await this.ds.query(
      bind(
        this.engine,
        `SELECT a.intent_id, (a.sent_at / ${DAY_MS}) AS d, COUNT(*) AS n, SUM(a.sentiment) AS s, COUNT(a.sentiment) AS sc
         FROM message_analysis a
         WHERE a.intent_id IS NOT NULL AND ${w.sql} ${only} GROUP BY a.intent_id, (a.sent_at / ${DAY_MS}) ORDER BY d`,
      ),
      intentId === undefined ? w.params : [...w.params, intentId],
    );
    return rows.map((r) => ({ intentId: Number(r.intent_id), day: Math.floor(Number(r.d)) * DAY_MS, messages: Number(r.n), sentimentSum: Number(r.s ?? 0), sentimentCount: Number(r.sc) }));
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
}
