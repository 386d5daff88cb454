import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A Seam export of conversations whose text retention deleted imports back as such: the staged conversation
 * carries when its text was deleted, and the conversation keeps it.
 */
export class ImportedTextDeleted1765100000000 implements MigrationInterface {
  name = 'ImportedTextDeleted1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staged_conversations ADD COLUMN text_purged_at bigint NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staged_conversations DROP COLUMN text_purged_at`);
  }
}
