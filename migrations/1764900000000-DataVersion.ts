import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * One number that changes whenever what the dashboard's aggregates are computed from changes (a metrics
 * recompute, an intent renamed, merged or split, retention): cached answers keyed by it are never stale, in
 * any process sharing the database.
 */
export class DataVersion1764900000000 implements MigrationInterface {
  name = 'DataVersion1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'data_version',
        columns: [
          { name: 'id', type: 'smallint', isPrimary: true },
          { name: 'version', type: 'bigint' },
        ],
      }),
    );
    await q.query(`INSERT INTO data_version (id, version) VALUES (1, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('data_version');
  }
}
