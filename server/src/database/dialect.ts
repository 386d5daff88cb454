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
