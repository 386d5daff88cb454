import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Conversations, messages, customers, import runs and rejected rows: the same on SQLite and PostgreSQL. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'customers',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'external_id', type: 'varchar', length: '500' },
          { name: 'first_seen_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_customers_source_external', columnNames: ['source', 'external_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'conversations',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'external_id', type: 'varchar', length: '500' },
          { name: 'customer_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'channel', type: 'varchar', length: '100', isNullable: true },
          { name: 'started_at', type: 'bigint', isNullable: true },
          { name: 'ended_at', type: 'bigint', isNullable: true },
          { name: 'message_count', type: 'integer', default: 0 },
          { name: 'customer_turns', type: 'integer', default: 0 },
          { name: 'bot_turns', type: 'integer', default: 0 },
          { name: 'agent_turns', type: 'integer', default: 0 },
          { name: 'had_handoff', type: 'smallint', default: 0 },
          { name: 'first_handoff_at', type: 'bigint', isNullable: true },
          { name: 'bot_fallbacks', type: 'integer', default: 0 },
          { name: 'resolved', type: 'smallint', default: 0 },
          { name: 'csat', type: 'real', isNullable: true },
          { name: 'visible', type: 'smallint', default: 0 },
          { name: 'last_import_run_id', type: 'integer', isNullable: true },
          { name: 'metadata', type: 'text', isNullable: true },
        ],
        uniques: [{ name: 'uq_conversations_source_external', columnNames: ['source', 'external_id'] }],
      }),
    );
    await q.createIndices('conversations', [
      new TableIndex({ name: 'ix_conversations_started', columnNames: ['started_at', 'id'] }),
      new TableIndex({ name: 'ix_conversations_customer', columnNames: ['customer_id', 'started_at'] }),
      new TableIndex({ name: 'ix_conversations_import', columnNames: ['last_import_run_id'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'messages',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
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
          { name: 'import_run_id', type: 'integer' },
        ],
      }),
    );
    await q.createIndices('messages', [
      new TableIndex({ name: 'ix_messages_conversation', columnNames: ['conversation_id', 'sent_at', 'seq'] }),
      new TableIndex({ name: 'ix_messages_import', columnNames: ['import_run_id'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'import_runs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'file_name', type: 'varchar', length: '1000' },
          { name: 'format', type: 'varchar', length: '32' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'started_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
          { name: 'heartbeat_at', type: 'bigint' },
          { name: 'owner', type: 'varchar', length: '300' },
          { name: 'bytes_total', type: 'bigint', isNullable: true },
          { name: 'bytes_read', type: 'bigint', default: 0 },
          { name: 'records_read', type: 'integer', default: 0 },
          { name: 'messages_inserted', type: 'integer', default: 0 },
          { name: 'messages_duplicate', type: 'integer', default: 0 },
          { name: 'rejected_count', type: 'integer', default: 0 },
          { name: 'conversations_touched', type: 'integer', default: 0 },
          { name: 'redactions', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
        ],
      }),
    );
    await q.createIndex('import_runs', new TableIndex({ name: 'ix_import_runs_status', columnNames: ['status'] }));
    await q.createTable(
      new Table({
        name: 'rejected_rows',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'import_run_id', type: 'integer' },
          { name: 'file_name', type: 'varchar', length: '1000' },
          { name: 'line', type: 'integer' },
          { name: 'location', type: 'varchar', length: '300', isNullable: true },
          { name: 'field', type: 'varchar', length: '200', isNullable: true },
          { name: 'reason', type: 'text' },
          { name: 'raw', type: 'text' },
        ],
      }),
    );
    await q.createIndex('rejected_rows', new TableIndex({ name: 'ix_rejected_rows_run', columnNames: ['import_run_id', 'line'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rejected_rows', 'import_runs', 'messages', 'conversations', 'customers']) {
      await q.dropTable(table);
    }
  }
}
