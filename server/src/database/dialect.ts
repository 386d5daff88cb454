import type { DataSource, EntityManager } from 'typeorm';
import { MAX_ANALYSED_CHARS } from '../../../analytics/src/text/tokenize';

export type Engine = 'sqlite' | 'postgres';

export function engineOf(ds: DataSource | EntityManager): Engine {
  const type = 'connection' in ds ? ds.connection.options.type : ds.options.type;
  return type === 'postgres' ? 'postgres' : 'sqlite';
}

/** Queries are written with `?`; PostgreSQL wants `$1, $2, …`. (No `?` is used inside SQL literals.) */
export function bind(engine: Engine, sql: string): string {
  if (engine === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The rows an `UPDATE … RETURNING` gave: PostgreSQL's driver answers with [rows, affected count], SQLite's with the rows. */
export function returnedRows<T>(engine: Engine, result: unknown[]): T[] {
  return (engine === 'postgres' ? result[0] : result) as T[];
}

/** A message's text as the analysis reads it (analytics' MAX_ANALYSED_CHARS), cut in the database: SUBSTR counts characters on both engines. */
export const ANALYSED_TEXT = `SUBSTR(m.text, 1, ${MAX_ANALYSED_CHARS})`;

/** A metadata field's name as Seam accepts one (a query names it; it is written into SQL only after this check). */
export const METADATA_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A field of a conversation's metadata as text, in SQL: the conversation's own (`conversations.metadata`), else its
 * first customer message's that has the field (a log's extra column). `conversationId`: the SQL naming the
 * conversation. `field` must match METADATA_FIELD.
 */
export function metadataField(engine: Engine, conversationId: string, field: string): string {
  if (!METADATA_FIELD.test(field)) throw new Error(`not a metadata field name: ${field}`);
  const get = (column: string) => (engine === 'postgres' ? `(CAST(${column} AS json) ->> '${field}')` : `CAST(json_extract(${column}, '$.${field}') AS TEXT)`);
  return `COALESCE(
      (SELECT ${get('c_m.metadata')} FROM conversations c_m WHERE c_m.id = ${conversationId}),
      (SELECT ${get('m_m.metadata')} FROM messages m_m WHERE m_m.conversation_id = ${conversationId} AND m_m.role = 'customer' AND m_m.metadata IS NOT NULL
         AND ${get('m_m.metadata')} IS NOT NULL ORDER BY m_m.sent_at, m_m.seq LIMIT 1))`;
}

/**
 * The non-null values of an integer expression in a group as one comma-separated text (parsed by `numbersOf`): one
 * row per group where a median needs every value, instead of one row per value.
 */
export function numberList(engine: Engine, expr: string): string {
  return engine === 'postgres' ? `STRING_AGG(CAST(${expr} AS TEXT), ',')` : `GROUP_CONCAT(${expr})`;
}

/** The values of a `numberList` (none when the group had none). */
export function numbersOf(list: unknown): number[] {
  return list === null || list === undefined || list === '' ? [] : String(list).split(',').map(Number);
}
