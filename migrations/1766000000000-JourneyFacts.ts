import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Where each conversation stands in its customer's journeys and issues (analytics/src/behaviour/facts.ts), with the
 * conversation's facts the behaviour views read beside them, as they were when the journeys were computed: the views
 * sum and link stored rows instead of rebuilding every journey per request. A table of its own, so that its indexes
 * cost nothing to the metrics' writes and never tempt the planner on their queries. `journey_window_ms` is the window
 * the journeys were computed with (another: the next metrics recompute segments them again).
 *
 * Each index holds every column its view reads, so that a view reads an index alone, not the rows (on PostgreSQL
 * once the table is vacuumed: MetricsRepository.analyze): a customer's contacts (and the customers who spent the
 * most), journeys by their start (their counts, filtered), the links between intents (the flow, what comes after, the
 * journeys behind a link), effort by intent and channel, and a journey's first contact with the columns the filters
 * read (with a filter besides the range, each contact is joined to its journey's first contact).
 */
export class JourneyFacts1766000000000 implements MigrationInterface {
  name = 'JourneyFacts1766000000000';

  async up(q: QueryRunner): Promise<void> {
    const bigint = (name: string, isNullable = false) => ({ name, type: 'bigint', isNullable });
    const int = (name: string, isNullable = false) => ({ name, type: 'integer', isNullable });
    const text = (name: string, length: string, isNullable = true) => ({ name, type: 'varchar', length, isNullable });
    await q.createTable(
      new Table({
        name: 'journey_contacts',
        columns: [
          { ...text('conversation_id', '32', false), isPrimary: true },
          text('customer_id', '32'),
          bigint('started_at'),
          bigint('ended_at'),
          int('intent_id', true),
          text('channel', '100'),
          text('source', '200', false),
          { name: 'returning_customer', type: 'smallint', isNullable: true },
          text('outcome', '16', false),
          int('customer_turns'),
          bigint('journey_window_ms'),
          text('journey_first_id', '32', false),
          bigint('journey_started_at'),
          int('journey_step'),
          int('journey_length'),
          text('journey_prev_id', '32'),
          int('journey_prev_intent_id', true),
          bigint('journey_gap_ms', true),
          bigint('issue_started_at'),
          int('issue_contacts'),
          { name: 'issue_last', type: 'smallint' },
          text('issue_channel', '100'),
        ],
        foreignKeys: [{ columnNames: ['conversation_id'], referencedTableName: 'conversation_metrics', referencedColumnNames: ['conversation_id'], onDelete: 'CASCADE' }],
      }),
    );
    const index = (name: string, columnNames: string[], where?: string) => q.createIndex('journey_contacts', new TableIndex({ name, columnNames, where }));
    const filtered = ['channel', 'source', 'intent_id', 'returning_customer'];
    await index('ix_journey_contacts_customer', ['customer_id', 'journey_started_at', 'customer_turns', 'started_at', 'ended_at', 'issue_last', 'outcome', 'journey_first_id']);
    // Partial: first contacts only (the counts), later contacts only (the links). A query names the same condition.
    await index('ix_journey_contacts_start', ['journey_started_at', 'customer_id', 'journey_length', ...filtered], 'journey_step = 0');
    await index('ix_journey_contacts_link', ['journey_step', 'journey_prev_intent_id', 'intent_id', 'journey_started_at', 'customer_id', 'journey_gap_ms', 'journey_first_id'], 'journey_step >= 1');
    // Effort groups by intent and channel. SQLite has no hash aggregation but skips through leading columns: the
    // groups lead, read in order without a sort. PostgreSQL aggregates by hashing but skips nothing: the range leads.
    const groups = ['intent_id', 'channel', 'issue_channel'];
    const effort = ['customer_turns', 'started_at', 'ended_at', 'outcome', 'issue_last', 'issue_contacts', 'issue_started_at', 'journey_first_id'];
    await index('ix_journey_contacts_effort', q.connection.options.type === 'postgres' ? ['journey_started_at', ...groups, ...effort] : [...groups, 'journey_started_at', ...effort]);
    await index('ix_journey_contacts_first', ['conversation_id', ...filtered]);
    // The journeys' input: a customer's conversations, read by customer.
    await q.createIndex('conversation_metrics', new TableIndex({ name: 'ix_conversation_metrics_customer', columnNames: ['customer_id', 'started_at'] }));
    // The grid's counts read from an index alone; it leads with the start as the index it replaces did.
    await q.createIndex(
      'conversation_metrics',
      new TableIndex({ name: 'ix_conversation_metrics_when', columnNames: ['started_at', 'bot_engaged', 'handoff', 'deflected', 'first_response_ms'] }),
    );
    await q.dropIndex('conversation_metrics', 'ix_conversation_metrics_started');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('conversation_metrics', new TableIndex({ name: 'ix_conversation_metrics_started', columnNames: ['started_at'] }));
    await q.dropIndex('conversation_metrics', 'ix_conversation_metrics_when');
    await q.dropIndex('conversation_metrics', 'ix_conversation_metrics_customer');
    await q.dropTable('journey_contacts');
  }
}
