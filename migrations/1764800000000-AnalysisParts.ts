import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * With workers (SEAM_JOBS=queue), an analysis run's new customer messages are split into id ranges that any
 * worker scores and embeds; each part records who did it and how many messages it scored and stored, so a run
 * can show that none was analysed twice or skipped.
 */
export class AnalysisParts1764800000000 implements MigrationInterface {
  name = 'AnalysisParts1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'analysis_parts',
        columns: [
          { name: 'run_id', type: 'integer', isPrimary: true },
          { name: 'part', type: 'integer', isPrimary: true },
          { name: 'after_id', type: 'varchar', length: '32' },
          { name: 'until_id', type: 'varchar', length: '32' },
          { name: 'job_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'worker', type: 'varchar', length: '200', isNullable: true },
          { name: 'messages_scored', type: 'integer', default: 0 },
          { name: 'messages_stored', type: 'integer', default: 0 },
          { name: 'texts_embedded', type: 'integer', default: 0 },
          { name: 'started_at', type: 'bigint', isNullable: true },
          { name: 'finished_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await q.createIndex('analysis_parts', new TableIndex({ name: 'ix_analysis_parts_status', columnNames: ['run_id', 'status'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('analysis_parts');
  }
}
