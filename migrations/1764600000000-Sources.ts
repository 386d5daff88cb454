import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Scheduled import sources (a folder, an HTTP(S) export, a PostgreSQL query), each run of one, and what each
 * source has already imported (a file and its fingerprint, a URL and its ETag, a query's cursor). A source's
 * lease (owner, until) lets one process run it at a time, however many share the database.
 */
export class Sources1764600000000 implements MigrationInterface {
  name = 'Sources1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sources',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '200', isUnique: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'config', type: 'text' },
          { name: 'cron', type: 'varchar', length: '100' },
          { name: 'enabled', type: 'smallint', default: 1 },
          { name: 'format', type: 'varchar', length: '32', isNullable: true },
          { name: 'retries', type: 'integer', default: 3 },
          { name: 'consecutive_failures', type: 'integer', default: 0 },
          { name: 'last_run_at', type: 'bigint', isNullable: true },
          { name: 'last_success_at', type: 'bigint', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '200', isNullable: true },
          { name: 'lease_until', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'source_runs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'source_id', type: 'integer' },
          { name: 'attempt', type: 'integer' },
          { name: 'triggered_by', type: 'varchar', length: '16' },
          { name: 'owner', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'started_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
          { name: 'items', type: 'integer', default: 0 },
          { name: 'messages_imported', type: 'integer', default: 0 },
          { name: 'rows_rejected', type: 'integer', default: 0 },
          { name: 'import_run_ids', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['source_id'], referencedTableName: 'sources', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createIndex('source_runs', new TableIndex({ name: 'ix_source_runs_source', columnNames: ['source_id', 'started_at'] }));
    await q.createTable(
      new Table({
        name: 'source_items',
        columns: [
          { name: 'source_id', type: 'integer', isPrimary: true },
          { name: 'item_key', type: 'varchar', length: '1000', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '1000' },
          { name: 'imported_at', type: 'bigint' },
          { name: 'import_run_id', type: 'integer', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['source_id'], referencedTableName: 'sources', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('source_items');
    await q.dropTable('source_runs');
    await q.dropTable('sources');
  }
}
