import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const DAY_MS = 86_400_000;

/** The UTC day of a message's time, as `message_days` keys it. */
const day = (column: string) => `(${column} / ${DAY_MS}) * ${DAY_MS}`;

/**
 * Customer messages counted per UTC day, channel, source and intent (none: acts, the unclear, the not yet analysed),
 * with their sentiment sums: the Intents page reads a range's whole days from these instead of every message
 * (about 150,000 for six weeks of one channel at a million messages), and the range's partial days from the
 * messages (message-days.repository.ts). A day whose messages' analysis changed is marked in
 * `message_days_stale` by triggers, whoever writes (an analysis, a merge, retention); it is read from the messages
 * until the next metrics recompute counts it again. Filled here from the analysis there is.
 *
 * The acts' conversations are counted from an index holding the act first, so that each act's messages of a range
 * are read alone.
 */
export class MessageDays1766500000000 implements MigrationInterface {
  name = 'MessageDays1766500000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'message_days',
        columns: [
          { name: 'day', type: 'bigint' },
          { name: 'channel', type: 'varchar', length: '100', isNullable: true },
          { name: 'source', type: 'varchar', length: '200' },
          { name: 'intent_id', type: 'integer', isNullable: true },
          { name: 'messages', type: 'integer' },
          { name: 'sentiment_sum', type: 'real', isNullable: true },
          { name: 'sentiment_count', type: 'integer' },
        ],
        indices: [{ name: 'ix_message_days_day', columnNames: ['day', 'channel', 'source', 'intent_id', 'messages', 'sentiment_sum', 'sentiment_count'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'message_days_stale',
        columns: [
          { name: 'id', type: pg ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'day', type: 'bigint' },
        ],
        indices: [{ name: 'ix_message_days_stale_day', columnNames: ['day'] }],
      }),
    );
    await q.query(
      `INSERT INTO message_days (day, channel, source, intent_id, messages, sentiment_sum, sentiment_count)
       SELECT ${day('sent_at')}, channel, source, intent_id, COUNT(*), SUM(sentiment), COUNT(sentiment) FROM message_analysis
       GROUP BY ${day('sent_at')}, channel, source, intent_id`,
    );
    if (pg) {
      // Statement triggers: one insert of the statement's distinct days, whatever the number of rows. Markers are
      // not unique: a rebuild deletes only those it read, so a day written meanwhile stays marked.
      const changed = `n.sent_at IS DISTINCT FROM o.sent_at OR n.channel IS DISTINCT FROM o.channel OR n.source IS DISTINCT FROM o.source
                       OR n.intent_id IS DISTINCT FROM o.intent_id OR n.sentiment IS DISTINCT FROM o.sentiment`;
      const functions: [string, string][] = [
        ['message_days_inserted', `SELECT DISTINCT ${day('sent_at')} FROM new_rows`],
        ['message_days_deleted', `SELECT DISTINCT ${day('sent_at')} FROM old_rows`],
        [
          'message_days_updated',
          `SELECT ${day('n.sent_at')} FROM new_rows n JOIN old_rows o ON o.message_id = n.message_id WHERE ${changed}
           UNION SELECT ${day('o.sent_at')} FROM new_rows n JOIN old_rows o ON o.message_id = n.message_id WHERE ${changed}`,
        ],
      ];
      for (const [name, days] of functions) {
        await q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO message_days_stale (day) ${days}; RETURN NULL; END $$`);
      }
      await q.query(`CREATE TRIGGER message_days_insert AFTER INSERT ON message_analysis REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_days_inserted()`);
      await q.query(`CREATE TRIGGER message_days_delete AFTER DELETE ON message_analysis REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_days_deleted()`);
      await q.query(
        `CREATE TRIGGER message_days_update AFTER UPDATE ON message_analysis REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_days_updated()`,
      );
    } else {
      // Row triggers, one marker a day (SQLite's writers take turns: no rebuild runs between a write and its marker).
      const mark = (row: string) =>
        `INSERT INTO message_days_stale (day) SELECT ${day(`${row}.sent_at`)} WHERE NOT EXISTS (SELECT 1 FROM message_days_stale WHERE day = ${day(`${row}.sent_at`)});`;
      await q.query(`CREATE TRIGGER message_days_insert AFTER INSERT ON message_analysis BEGIN ${mark('NEW')} END`);
      await q.query(`CREATE TRIGGER message_days_delete AFTER DELETE ON message_analysis BEGIN ${mark('OLD')} END`);
      const changed = ['sent_at', 'channel', 'source', 'intent_id', 'sentiment'].map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
      await q.query(`CREATE TRIGGER message_days_update AFTER UPDATE ON message_analysis WHEN ${changed} BEGIN ${mark('OLD')} ${mark('NEW')} END`);
    }
    await q.createIndex('message_analysis', new TableIndex({ name: 'ix_message_analysis_acts', columnNames: ['act', 'sent_at', 'channel', 'source', 'conversation_id'] }));
    await q.dropIndex('message_analysis', 'ix_message_analysis_act');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('message_analysis', new TableIndex({ name: 'ix_message_analysis_act', columnNames: ['act'] }));
    await q.dropIndex('message_analysis', 'ix_message_analysis_acts');
    for (const trigger of ['message_days_insert', 'message_days_delete', 'message_days_update']) {
      await q.query(q.connection.options.type === 'postgres' ? `DROP TRIGGER ${trigger} ON message_analysis` : `DROP TRIGGER ${trigger}`);
    }
    if (q.connection.options.type === 'postgres') for (const name of ['message_days_inserted', 'message_days_deleted', 'message_days_updated']) await q.query(`DROP FUNCTION ${name}()`);
    await q.dropTable('message_days_stale');
    await q.dropTable('message_days');
  }
}
