import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Where each conversation stands in its customer's journeys and issues (analytics/src/behaviour/facts.ts), kept
 * with its facts so that the behaviour views sum and link stored rows instead of rebuilding every journey per
 * request; `journey_window_ms` is the window they were computed with (null: not yet, so the next metrics
 * recompute fills them). Each index holds every column its view reads, so that a view reads an index alone, not
 * the wide rows (on PostgreSQL once the table is vacuumed: MetricsRepository.analyze): a customer's contacts (and
 * the customers who spent the most), journeys by their start (their counts), the links between intents (the flow,
 * what comes after, the journeys behind a link), effort by intent and channel, and the grid's counts. With a filter
 * besides the range, each contact is joined to its journey's first contact (`journey_first_id`, held by each).
 */
export class JourneyFacts1766000000000 implements MigrationInterface {
  name = 'JourneyFacts1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('conversation_metrics', [
      new TableColumn({ name: 'journey_window_ms', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'journey_first_id', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'journey_started_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'journey_step', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'journey_length', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'journey_prev_id', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'journey_prev_intent_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'journey_gap_ms', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'issue_started_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'issue_contacts', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'issue_last', type: 'smallint', isNullable: true }),
      new TableColumn({ name: 'issue_channel', type: 'varchar', length: '100', isNullable: true }),
    ]);
    const index = (name: string, columnNames: string[]) => q.createIndex('conversation_metrics', new TableIndex({ name, columnNames }));
    await index('ix_conversation_metrics_customer', [
      'customer_id', 'started_at', 'journey_started_at', 'journey_step', 'customer_turns', 'ended_at', 'issue_last', 'outcome', 'journey_first_id',
    ]);
    // Journeys by their start; their first contacts' counts filtered by the columns the filters read.
    const filtered = ['channel', 'source', 'intent_id', 'returning_customer'];
    await index('ix_conversation_metrics_journey', ['journey_started_at', 'journey_step', 'customer_id', 'journey_length', ...filtered]);
    await index('ix_conversation_metrics_link', ['journey_step', 'journey_prev_intent_id', 'intent_id', 'journey_started_at', 'customer_id', 'journey_gap_ms', 'journey_first_id']);
    // Effort groups by intent and channel. SQLite has no hash aggregation but skips through leading columns: the
    // groups lead, read in order without a sort. PostgreSQL aggregates by hashing but skips nothing: the range leads.
    const groups = ['intent_id', 'channel', 'issue_channel'];
    const range = ['journey_started_at', 'journey_step'];
    const effort = ['customer_turns', 'started_at', 'ended_at', 'outcome', 'issue_last', 'issue_contacts', 'issue_started_at', 'journey_first_id'];
    await index('ix_conversation_metrics_effort', q.connection.options.type === 'postgres' ? [...range, ...groups, ...effort] : [...groups, ...range, ...effort]);
    // A journey's first contact, found by id with the columns the filters read.
    await index('ix_conversation_metrics_first', ['conversation_id', ...filtered]);
    // Leads with the start as the index it replaces did.
    await index('ix_conversation_metrics_when', ['started_at', 'bot_engaged', 'handoff', 'deflected', 'first_response_ms']);
    await q.dropIndex('conversation_metrics', 'ix_conversation_metrics_started');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('conversation_metrics', new TableIndex({ name: 'ix_conversation_metrics_started', columnNames: ['started_at'] }));
    for (const name of ['ix_conversation_metrics_when', 'ix_conversation_metrics_first', 'ix_conversation_metrics_effort', 'ix_conversation_metrics_link', 'ix_conversation_metrics_journey', 'ix_conversation_metrics_customer']) await q.dropIndex('conversation_metrics', name);
    await q.dropColumns('conversation_metrics', [
      'issue_channel', 'issue_last', 'issue_contacts', 'issue_started_at', 'journey_gap_ms', 'journey_prev_intent_id', 'journey_prev_id',
      'journey_length', 'journey_step', 'journey_started_at', 'journey_first_id', 'journey_window_ms',
    ]);
  }
}
