import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Per-conversation facts behind every metric, and the breakdown flags reviewers work through. */
export class Metrics1764200000000 implements MigrationInterface {
  name = 'Metrics1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const flag = (name: string) => ({ name, type: 'smallint', default: 0 });
    await q.createTable(
      new Table({
        name: 'conversation_metrics',
        columns: [
          { name: 'conversation_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'started_at', type: 'bigint' },
          { name: 'channel', type: 'varchar', length: '100', isNullable: true },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'intent_id', type: 'integer', isNullable: true },
          flag('customer_known'),
          flag('bot_engaged'),
          flag('handoff'),
          flag('contained'),
          { name: 'deflected', type: 'smallint', isNullable: true },
          flag('abandoned_after_fallback'),
          flag('abandoned_after_handoff'),
          flag('repeat_any'),
          flag('repeat_same_intent'),
          { name: 'time_to_handoff_ms', type: 'bigint', isNullable: true },
          { name: 'bot_turns_before_handoff', type: 'integer', isNullable: true },
          { name: 'bot_turns', type: 'integer', default: 0 },
          { name: 'fallbacks', type: 'integer', default: 0 },
          { name: 'first_response_ms', type: 'bigint', isNullable: true },
          flag('resolved'),
          { name: 'csat', type: 'real', isNullable: true },
          { name: 'sentiment_before', type: 'real', isNullable: true },
          { name: 'sentiment_after', type: 'real', isNullable: true },
          { name: 'sentiment_sum', type: 'real', default: 0 },
          { name: 'sentiment_count', type: 'integer', default: 0 },
          flag('ended_negative'),
          { name: 'path', type: 'varchar', length: '16' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'message_count', type: 'integer', default: 0 },
          { name: 'analysis_run_id', type: 'integer', isNullable: true },
          { name: 'computed_at', type: 'bigint' },
        ],
      }),
    );
    await q.createIndices('conversation_metrics', [
      new TableIndex({ name: 'ix_conversation_metrics_started', columnNames: ['started_at'] }),
      new TableIndex({ name: 'ix_conversation_metrics_intent', columnNames: ['intent_id', 'started_at'] }),
      new TableIndex({ name: 'ix_conversation_metrics_channel', columnNames: ['channel', 'started_at'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'flags',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'conversation_id', type: 'varchar', length: '32' },
          { name: 'reason', type: 'varchar', length: '40' },
          { name: 'severity', type: 'varchar', length: '8' },
          { name: 'severity_rank', type: 'smallint' },
          { name: 'evidence', type: 'text' },
          { name: 'detail', type: 'text' },
          { name: 'active', type: 'smallint', default: 1 },
          { name: 'status', type: 'varchar', length: '16', default: "'open'" },
          { name: 'assignee', type: 'varchar', length: '200', isNullable: true },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_flags_conversation_reason', columnNames: ['conversation_id', 'reason'] }],
      }),
    );
    await q.createIndices('flags', [
      new TableIndex({ name: 'ix_flags_queue', columnNames: ['active', 'status', 'severity_rank'] }),
      new TableIndex({ name: 'ix_flags_reason', columnNames: ['reason'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('flags');
    await q.dropTable('conversation_metrics');
  }
}
