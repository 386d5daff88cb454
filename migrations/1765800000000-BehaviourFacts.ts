import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * What the behaviour views read beside a conversation's facts, so that they read one table: its customer, when it
 * ended and the customer's turns (copies of the conversation's, kept by the metrics). Filled here for the facts
 * already computed.
 */
export class BehaviourFacts1765800000000 implements MigrationInterface {
  name = 'BehaviourFacts1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('conversation_metrics', [
      new TableColumn({ name: 'customer_id', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'ended_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'customer_turns', type: 'integer', default: 0 }),
    ]);
    await q.query(
      `UPDATE conversation_metrics SET
         customer_id = (SELECT c.customer_id FROM conversations c WHERE c.id = conversation_metrics.conversation_id),
         ended_at = (SELECT c.ended_at FROM conversations c WHERE c.id = conversation_metrics.conversation_id),
         customer_turns = COALESCE((SELECT c.customer_turns FROM conversations c WHERE c.id = conversation_metrics.conversation_id), 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('conversation_metrics', ['customer_turns', 'ended_at', 'customer_id']);
  }
}
