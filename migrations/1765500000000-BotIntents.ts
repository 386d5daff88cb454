import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * The bot's own definition as an input, and conversation acts kept apart.
 * - bot_versions: each import of a bot's training data (Rasa, Dialogflow, CSV) is a version of that bot, with a date.
 * - bot_intents: a bot's intents by name, so an intent keeps its id from version to version; `act` when it is small
 *   talk (Rasa's `greet`, `affirm`…). bot_examples: each version's training examples.
 * - intents.origin: `bot` (recognised from a bot intent, bot_intent_id), `discovered` (a candidate from what the bot
 *   does not cover) or `accepted` (a candidate a manager named); status may now also be `dismissed`.
 * - message_analysis.act: the conversation act of a customer message (then it has no intent);
 *   intent_confidence and bot_version_id: how sure the recognition was, and against which version of the bot.
 */
export class BotIntents1765500000000 implements MigrationInterface {
  name = 'BotIntents1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'bot_versions',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'bot', type: 'varchar', length: '200' },
          { name: 'version', type: 'varchar', length: '100' },
          { name: 'released_at', type: 'bigint' },
          { name: 'imported_at', type: 'bigint' },
          { name: 'file_name', type: 'varchar', length: '500' },
          { name: 'format', type: 'varchar', length: '32' },
          { name: 'intents', type: 'integer', default: 0 },
          { name: 'examples', type: 'integer', default: 0 },
        ],
        uniques: [{ name: 'uq_bot_versions', columnNames: ['bot', 'version'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bot_intents',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'bot', type: 'varchar', length: '200' },
          { name: 'name', type: 'varchar', length: '300' },
          { name: 'act', type: 'varchar', length: '20', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        uniques: [{ name: 'uq_bot_intents', columnNames: ['bot', 'name'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bot_examples',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'version_id', type: 'integer' },
          { name: 'intent_id', type: 'integer' },
          { name: 'text', type: 'text' },
        ],
        foreignKeys: [
          { columnNames: ['version_id'], referencedTableName: 'bot_versions', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['intent_id'], referencedTableName: 'bot_intents', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await q.createIndex('bot_examples', new TableIndex({ name: 'ix_bot_examples_version', columnNames: ['version_id', 'intent_id'] }));
    await q.query(`ALTER TABLE intents ADD COLUMN origin varchar(16) NOT NULL DEFAULT 'discovered'`);
    await q.query(`ALTER TABLE intents ADD COLUMN bot_intent_id integer NULL`);
    await q.query(`ALTER TABLE message_analysis ADD COLUMN act varchar(20) NULL`);
    await q.query(`ALTER TABLE message_analysis ADD COLUMN intent_confidence real NULL`);
    await q.query(`ALTER TABLE message_analysis ADD COLUMN bot_version_id integer NULL`);
    await q.createIndex('message_analysis', new TableIndex({ name: 'ix_message_analysis_act', columnNames: ['act'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('message_analysis', 'ix_message_analysis_act');
    for (const column of ['bot_version_id', 'intent_confidence', 'act']) await q.query(`ALTER TABLE message_analysis DROP COLUMN ${column}`);
    for (const column of ['bot_intent_id', 'origin']) await q.query(`ALTER TABLE intents DROP COLUMN ${column}`);
    await q.dropTable('bot_examples');
    await q.dropTable('bot_intents');
    await q.dropTable('bot_versions');
  }
}
