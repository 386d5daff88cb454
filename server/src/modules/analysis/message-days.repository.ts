import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';
import { Engine } from '../../database/dialect';
import { IntentFilter, intentWhere } from './intents.repository';

const DAY_MS = 86_400_000;
/** Days counted again per transaction. */
const DAYS_PER_WRITE = 31;

/**
 * Messages read by time (and channel, source) for their intent and sentiment: the index holding those columns
 * (migration MessageReadsIndex), which SQLite's planner does not always pick; PostgreSQL chooses for itself.
 */
function messagesByTime(engine: Engine): string {
  return engine === 'sqlite' ? 'INDEXED BY ix_message_analysis_reads' : '';
}

export interface DailyCount {
  intentId: number;
  day: number;
  messages: number;
  sentimentSum: number;
  sentimentCount: number;
}

/**
 * Customer messages per UTC day, channel, source and intent, kept in `message_days` (migration MessageDays): whole
 * days of a range are read from it, the range's partial days and the days marked stale from the messages, so that
 * every answer is the messages' own count.
 */
@Injectable()
export class MessageDaysRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /**
   * Counts again the days the triggers marked stale, a month of days per transaction, and removes the markers it
   * read (a day written meanwhile keeps its newer marker). Returns how many days.
   */
  async rebuild(): Promise<number> {
    const markers = await this.q<{ id: string | number; day: string | number }>('SELECT id, day FROM message_days_stale');
    if (markers.length === 0) return 0;
    const seen = markers.reduce((max, m) => Math.max(max, Number(m.id)), 0);
    const days = [...new Set(markers.map((m) => Number(m.day)))].sort((a, b) => a - b);
    for (let i = 0; i < days.length; i += DAYS_PER_WRITE) {
      const chunk = days.slice(i, i + DAYS_PER_WRITE);
      const marks = chunk.map(() => '?').join(',');
      await transaction(this.ds, async (em) => {
        await this.q(`DELETE FROM message_days WHERE day IN (${marks})`, chunk, em);
        for (const day of chunk) {
          await this.q(
            `INSERT INTO message_days (day, channel, source, intent_id, messages, sentiment_sum, sentiment_count)
             SELECT ?, a.channel, a.source, a.intent_id, COUNT(*), SUM(a.sentiment), COUNT(a.sentiment) FROM message_analysis a ${messagesByTime(this.engine)}
             WHERE a.sent_at >= ? AND a.sent_at < ? GROUP BY a.channel, a.source, a.intent_id`,
            [day, day, day + DAY_MS],
            em,
          );
        }
        await this.q(`DELETE FROM message_days_stale WHERE id <= ? AND day IN (${marks})`, [seen, ...chunk], em);
      });
    }
    return days.length;
  }

  /**
   * Customer messages per intent per UTC day within the filters, with their sentiment sums, and how many had no
   * intent (acts, the unclear, the not yet analysed).
   */
  async dailyCounts(f: IntentFilter): Promise<{ days: DailyCount[]; withoutIntent: number }> {
    const from = f.fromMs ?? -Infinity;
    const to = f.toMs ?? Infinity;
    // The whole days within the range (none before 1970: integer division rounds those towards zero).
    const first = Math.max(0, Math.ceil(from / DAY_MS) * DAY_MS);
    const end = Number.isFinite(to) ? Math.floor(to / DAY_MS) * DAY_MS : Infinity;
    const finite = (v: number) => (Number.isFinite(v) ? v : undefined);
    const where = (range: { fromMs?: number; toMs?: number }, time: string, alias: string) => intentWhere({ ...range, channel: f.channel, source: f.source }, time, alias);
    const raw: [number, number][] = [];
    const parts: string[] = [];
    const params: unknown[] = [];
    if (first < end) {
      const whole = { fromMs: first, toMs: finite(end) };
      const marked = intentWhere(whole, 'day', 'message_days_stale');
      const stale = (await this.q<{ day: string | number }>(`SELECT DISTINCT day FROM message_days_stale WHERE ${marked.sql}`, marked.params)).map((r) => Number(r.day));
      if (from < first) raw.push([from, first]);
      if (end < to) raw.push([end, to]);
      for (const day of stale) raw.push([day, day + DAY_MS]);
      const w = where(whole, 'd.day', 'd');
      parts.push(
        `SELECT d.intent_id, d.day, d.messages AS n, d.sentiment_sum AS s, d.sentiment_count AS sc FROM message_days d
         WHERE ${w.sql}${stale.length > 0 ? ` AND d.day NOT IN (${stale.map(() => '?').join(',')})` : ''}`,
      );
      params.push(...w.params, ...stale);
    } else raw.push([from, to]);
    for (const [lo, hi] of raw) {
      const w = where({ fromMs: finite(lo), toMs: finite(hi) }, 'a.sent_at', 'a');
      parts.push(
        `SELECT a.intent_id, (a.sent_at / ${DAY_MS}) * ${DAY_MS} AS day, 1 AS n, a.sentiment AS s, CASE WHEN a.sentiment IS NULL THEN 0 ELSE 1 END AS sc
         FROM message_analysis a ${messagesByTime(this.engine)} WHERE ${w.sql}`,
      );
      params.push(...w.params);
    }
    const rows = await this.q<{ intent_id: number | null; day: string | number; n: string | number; s: number | null; sc: string | number }>(
      `SELECT x.intent_id, x.day, SUM(x.n) AS n, SUM(x.s) AS s, SUM(x.sc) AS sc FROM (${parts.join(' UNION ALL ')}) x GROUP BY x.intent_id, x.day ORDER BY x.day`,
      params,
    );
    const days: DailyCount[] = [];
    let withoutIntent = 0;
    for (const r of rows) {
      if (r.intent_id === null) withoutIntent += Number(r.n);
      else days.push({ intentId: Number(r.intent_id), day: Number(r.day), messages: Number(r.n), sentimentSum: Number(r.s ?? 0), sentimentCount: Number(r.sc) });
    }
    return { days, withoutIntent };
  }
}
