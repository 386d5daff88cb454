import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * What the bot itself understood, as the platform's log records it (Rasa's parse_data, Dialogflow CX's match,
 * Lex's interpretation): the intent the bot matched for a customer message and how sure it was, beside the
 * message (and its staging row, which the import fills first).
 */
export class BotPredictions1765600000000 implements MigrationInterface {
  name = 'BotPredictions1765600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['messages', 'staged_messages']) {
      await q.addColumns(table, [
        new TableColumn({ name: 'bot_intent', type: 'varchar', length: '300', isNullable: true }),
        new TableColumn({ name: 'bot_confidence', type: 'real', isNullable: true }),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['messages', 'staged_messages']) {
      await q.dropColumn(table, 'bot_confidence');
      await q.dropColumn(table, 'bot_intent');
    }
  }
}
