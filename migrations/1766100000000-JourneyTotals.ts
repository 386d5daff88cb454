import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * What each journey cost its customer (turns, time in conversations, issues left unresolved), kept on its contacts
 * (analytics/src/behaviour/facts.ts): the customers who spent the most sum them over their journeys' first contacts,
 * which the partial index of first contacts now holds, instead of reading every contact of the range. The rows there
 * are filled from their journeys' contacts.
 */
export class JourneyTotals1766100000000 implements MigrationInterface {
  name = 'JourneyTotals1766100000000';

  async up(q: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: SQLite adds a column with a constant default in place (TypeORM would copy the table).
    for (const [name, type] of [['journey_turns', 'integer'], ['journey_duration_ms', 'bigint'], ['journey_unresolved', 'integer']]) {
      await q.query(`ALTER TABLE journey_contacts ADD COLUMN ${name} ${type} NOT NULL DEFAULT 0`);
    }
    await q.query(
      `UPDATE journey_contacts SET journey_turns = t.turns, journey_duration_ms = t.duration, journey_unresolved = t.unresolved
       FROM (SELECT journey_first_id, SUM(customer_turns) AS turns,
                    SUM(CASE WHEN ended_at > started_at THEN ended_at - started_at ELSE 0 END) AS duration,
                    SUM(CASE WHEN issue_last = 1 AND outcome <> 'resolved' THEN 1 ELSE 0 END) AS unresolved
             FROM journey_contacts GROUP BY journey_first_id) t
       WHERE t.journey_first_id = journey_contacts.journey_first_id`,
    );
    await q.dropIndex('journey_contacts', 'ix_journey_contacts_start');
    await q.createIndex(
      'journey_contacts',
      new TableIndex({
        name: 'ix_journey_contacts_start',
        columnNames: ['journey_started_at', 'customer_id', 'journey_length', 'journey_turns', 'journey_duration_ms', 'journey_unresolved', 'channel', 'source', 'intent_id', 'returning_customer'],
        where: 'journey_step = 0',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('journey_contacts', 'ix_journey_contacts_start');
    await q.createIndex(
      'journey_contacts',
      new TableIndex({ name: 'ix_journey_contacts_start', columnNames: ['journey_started_at', 'customer_id', 'journey_length', 'channel', 'source', 'intent_id', 'returning_customer'], where: 'journey_step = 0' }),
    );
    for (const name of ['journey_turns', 'journey_duration_ms', 'journey_unresolved']) await q.query(`ALTER TABLE journey_contacts DROP COLUMN ${name}`);
  }
}
