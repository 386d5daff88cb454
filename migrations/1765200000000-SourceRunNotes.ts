import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a source run wants its reader to know beside its counts: files left for a later run while they settle. */
export class SourceRunNotes1765200000000 implements MigrationInterface {
  name = 'SourceRunNotes1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_runs ADD COLUMN note text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_runs DROP COLUMN note`);
  }
}
