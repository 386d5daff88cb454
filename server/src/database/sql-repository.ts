import type { DataSource, EntityManager } from 'typeorm';
import { bind, Engine, engineOf } from './dialect';

/**
 * What every repository shares: its data source, the engine it talks to, and one way to run SQL written with `?`
 * placeholders on either engine (PostgreSQL gets `$1, $2, …`), on the data source or inside a transaction.
 */
export abstract class SqlRepository {
  protected readonly engine: Engine;

  constructor(protected readonly ds: DataSource) {
    this.engine = engineOf(ds);
  }

  protected q<T = Record<string, unknown>>(sql: string, params: unknown[] = [], em: EntityManager | DataSource = this.ds): Promise<T[]> {
    return em.query(bind(this.engine, sql), params);
  }
}
