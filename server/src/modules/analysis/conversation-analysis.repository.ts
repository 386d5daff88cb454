import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SemanticSignal } from '../../../../analytics/src';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';
import { ROWS } from './analysis-rows';

/** What a run concludes per conversation: intent, sentiment trajectory, semantic signals of its turns. */
@Injectable()
export class ConversationAnalysisRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  async conversationsOfRun(runId: number): Promise<string[]> {
    return (await this.q<{ id: string }>(`SELECT DISTINCT conversation_id AS "id" FROM message_analysis WHERE analysis_run_id = ?`, [runId])).map((r) => r.id);
  }

  /** Conversations with a customer message whose semantic signals are missing or from another embedding space. */
  async conversationsWithoutSignals(spaceId: number): Promise<string[]> {
    const rows = await this.q<{ id: string }>(
      `SELECT DISTINCT conversation_id AS "id" FROM message_analysis WHERE semantic_space_id IS NULL OR semantic_space_id <> ? ORDER BY conversation_id`,
      [spaceId],
    );
    return rows.map((r) => r.id);
  }

  /** The analysed customer turns of these conversations, each conversation's in order. */
  async customerTurns(conversationIds: string[]): Promise<{ conversationId: string; id: string; hash: string }[]> {
    return this.q(
      `SELECT a.conversation_id AS "conversationId", a.message_id AS "id", a.text_hash AS "hash"
       FROM message_analysis a JOIN messages m ON m.id = a.message_id
       WHERE a.conversation_id IN (${conversationIds.map(() => '?').join(',')})
       ORDER BY a.conversation_id, m.sent_at, m.seq`,
      conversationIds,
    );
  }

  /**
   * The first `limit` analysed customer texts (their hashes) of every conversation, each conversation's in order:
   * what a conversation opens with (analytics' openingText), read without the rest of its turns.
   */
  async openingTurns(limit: number): Promise<{ conversationId: string; hashes: string[] }[]> {
    const rows = await this.q<{ conversation: string; hash: string }>(
      `SELECT f.conversation_id AS "conversation", f.text_hash AS "hash" FROM (
         SELECT a.conversation_id, a.text_hash, ROW_NUMBER() OVER (PARTITION BY a.conversation_id ORDER BY m.sent_at, m.seq) AS r
         FROM message_analysis a JOIN messages m ON m.id = a.message_id
       ) f WHERE f.r <= ? ORDER BY f.conversation_id, f.r`,
      [limit],
    );
    const out: { conversationId: string; hashes: string[] }[] = [];
    for (let at = 0; at < rows.length; ) {
      const conversationId = rows[at].conversation;
      const hashes: string[] = [];
      while (at < rows.length && rows[at].conversation === conversationId) hashes.push(rows[at++].hash);
      out.push({ conversationId, hashes });
    }
    return out;
  }

  /** The conversations each of these texts (by hash) is in. */
  async conversationsByText(hashes: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < hashes.length; i += ROWS) {
      const chunk = hashes.slice(i, i + ROWS);
      const rows = await this.q<{ hash: string; conversation: string }>(
        `SELECT DISTINCT text_hash AS "hash", conversation_id AS "conversation" FROM message_analysis WHERE text_hash IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const r of rows) out.set(r.hash, [...(out.get(r.hash) ?? []), r.conversation]);
    }
    return out;
  }

  async saveSignals(spaceId: number, rows: SemanticSignal[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        await this.q(
          `UPDATE message_analysis SET human_similarity = v.column2, repeat_of = v.column3, repeat_similarity = v.column4, semantic_space_id = ?
           FROM (VALUES ${chunk.map(() => '(?, CAST(? AS REAL), CAST(? AS VARCHAR(32)), CAST(? AS REAL))').join(',')}) AS v
           WHERE message_analysis.message_id = v.column1`,
          [spaceId, ...chunk.flatMap((r) => [r.id, r.humanSimilarity, r.repeatOf, r.repeatSimilarity])],
          em,
        );
      }
    });
  }

  /** Recomputes per-conversation results for the given conversations (all when null), in message order. */
  async conversationSentiments(conversationIds: string[] | null): Promise<{ conversationId: string; intentId: number | null; act: string | null; botIntent: string | null; botConfidence: number | null; sentiment: number | null }[]> {
    const run = async (ids: string[] | null) =>
      this.q<{ conversation_id: string; intent_id: number | null; act: string | null; bot_intent: string | null; bot_confidence: number | null; sentiment: number | null }>(
        `SELECT a.conversation_id, a.intent_id, a.act, m.bot_intent, m.bot_confidence, a.sentiment FROM message_analysis a JOIN messages m ON m.id = a.message_id
         ${ids ? `WHERE a.conversation_id IN (${ids.map(() => '?').join(',')})` : ''}
         ORDER BY a.conversation_id, m.sent_at, m.seq`,
        ids ?? [],
      );
    let rows: Awaited<ReturnType<typeof run>> = [];
    if (conversationIds === null) rows = await run(null);
    else for (let i = 0; i < conversationIds.length; i += ROWS) rows = rows.concat(await run(conversationIds.slice(i, i + ROWS)));
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      intentId: r.intent_id === null ? null : Number(r.intent_id),
      act: r.act,
      botIntent: r.bot_intent,
      botConfidence: r.bot_confidence === null ? null : Number(r.bot_confidence),
      sentiment: r.sentiment === null ? null : Number(r.sentiment),
    }));
  }

  /** The conversations holding messages with these texts (by text hash). */
  async conversationsOfTexts(hashes: string[]): Promise<string[]> {
    const out = new Set<string>();
    for (let i = 0; i < hashes.length; i += ROWS) {
      const chunk = hashes.slice(i, i + ROWS);
      const rows = await this.q<{ conversation_id: string }>(`SELECT DISTINCT conversation_id FROM message_analysis WHERE text_hash IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of rows) out.add(r.conversation_id);
    }
    return [...out];
  }

  async upsertConversationAnalysis(
    rows: { conversationId: string; intentId: number | null; start: number | null; end: number | null; min: number | null; maxDrop: number | null }[],
    runId: number,
  ): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        await this.q(
          `INSERT INTO conversation_analysis (conversation_id, intent_id, sentiment_start, sentiment_end, sentiment_min, sentiment_max_drop, analysis_run_id)
           VALUES ${chunk.map(() => '(?,?,?,?,?,?,?)').join(',')}
           ON CONFLICT (conversation_id) DO UPDATE SET intent_id = excluded.intent_id, sentiment_start = excluded.sentiment_start,
             sentiment_end = excluded.sentiment_end, sentiment_min = excluded.sentiment_min, sentiment_max_drop = excluded.sentiment_max_drop,
             analysis_run_id = excluded.analysis_run_id`,
          chunk.flatMap((r) => [r.conversationId, r.intentId, r.start, r.end, r.min, r.maxDrop, runId]),
          em,
        );
      }
    });
  }
}
