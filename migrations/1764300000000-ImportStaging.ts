import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const STAGING = ['staged_messages', 'staged_conversations', 'staged_customers'];

/**
 * Where an import puts its rows until the file is in. Batches append here (no random index to update, so a
 * batch commits in a few page writes); the run's last transaction moves them into their tables in key order.
 * On PostgreSQL the tables are unlogged: a crash empties them, and the crashed run is rolled back anyway.
 */
export class ImportStaging1764300000000 implements MigrationInterface {
  name = 'ImportStaging1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // A staged conversation or customer: which run and batch staged it, and its key.
    const batchKey = [
      { name: 'import_run_id', type: 'integer' },
      { name: 'batch', type: 'integer' },
      { name: 'id', type: 'varchar', length: '32' },
      { name: 'source', type: 'varchar', length: '200' },
      { name: 'external_id', type: 'varchar', length: '500' },
    ];
    await q.createTable(
      new Table({
        name: 'staged_messages',
        columns: [
          { name: 'import_run_id', type: 'integer' },
          { name: 'id', type: 'varchar', length: '32' },
          { name: 'conversation_id', type: 'varchar', length: '32' },
          { name: 'external_id', type: 'varchar', length: '500', isNullable: true },
          { name: 'sent_at', type: 'bigint' },
          { name: 'seq', type: 'bigint' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'text', type: 'text' },
          { name: 'customer_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'agent_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'channel', type: 'varchar', length: '100', isNullable: true },
          { name: 'event', type: 'varchar', length: '32', isNullable: true },
          { name: 'event_value', type: 'real', isNullable: true },
          { name: 'metadata', type: 'text', isNullable: true },
          { name: 'line', type: 'integer' },
          { name: 'location', type: 'varchar', length: '300', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staged_conversations',
        columns: [
          ...batchKey,
          { name: 'customer_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'channel', type: 'varchar', length: '100', isNullable: true },
          { name: 'metadata', type: 'text', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staged_customers',
        columns: [
          ...batchKey,
          { name: 'first_seen_at', type: 'bigint' },
        ],
      }),
    );
    for (const table of STAGING) {
      await q.createIndex(table, new TableIndex({ name: `ix_${table}_run`, columnNames: ['import_run_id'] }));
      if (q.connection.options.type === 'postgres') await q.query(`ALTER TABLE ${table} SET UNLOGGED`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...STAGING].reverse()) await q.dropTable(table);
  }
}
