import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Segments: whether a conversation is a returning customer's (the customer had an earlier one) or a new customer's
 * first, kept with the conversation's facts (null: the log names no customer). Filled here for the facts already
 * computed; the metrics keep it from then on.
 */
export class ReturningCustomers1765700000000 implements MigrationInterface {
  name = 'ReturningCustomers1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('conversation_metrics', new TableColumn({ name: 'returning_customer', type: 'smallint', isNullable: true }));
    await q.query(
      `UPDATE conversation_metrics SET returning_customer = (
         SELECT CASE WHEN c.customer_id IS NULL THEN NULL
                     WHEN EXISTS (SELECT 1 FROM conversations o WHERE o.customer_id = c.customer_id AND o.visible = 1 AND o.id <> c.id
                                    AND (o.started_at < c.started_at OR (o.started_at = c.started_at AND o.id < c.id))) THEN 1 ELSE 0 END
         FROM conversations c WHERE c.id = conversation_metrics.conversation_id)`,
    );
    await q.createIndex('conversation_metrics', new TableIndex({ name: 'ix_conversation_metrics_returning', columnNames: ['returning_customer', 'started_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('conversation_metrics', 'ix_conversation_metrics_returning');
    await q.dropColumn('conversation_metrics', 'returning_customer');
  }
}
