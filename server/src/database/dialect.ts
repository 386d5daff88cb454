import type { DataSource, EntityManager } from 'typeorm';

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
