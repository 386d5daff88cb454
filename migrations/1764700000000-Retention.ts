import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When retention emptied a conversation's message texts (NULL: never). Its metrics, flags and analysis stay as
 * they were computed from the text, and are not recomputed from the emptied messages.
 */
export class Retention1764700000000 implements MigrationInterface {
  name = 'Retention1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations ADD COLUMN text_purged_at bigint NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conversations DROP COLUMN text_purged_at`);
  }
}
