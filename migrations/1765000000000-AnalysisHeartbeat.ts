import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who runs an analysis, its queue job, and when it and each of its parts last said they were alive: with workers
 * (SEAM_JOBS=queue) a run or part whose worker died is recognised by its silent heartbeat and its job released
 * for another worker, instead of holding the work until the job expires hours later.
 */
export class AnalysisHeartbeat1765000000000 implements MigrationInterface {
  name = 'AnalysisHeartbeat1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analysis_runs ADD COLUMN owner varchar(200) NULL`);
    await q.query(`ALTER TABLE analysis_runs ADD COLUMN heartbeat_at bigint NULL`);
    await q.query(`ALTER TABLE analysis_runs ADD COLUMN job_id varchar(64) NULL`);
    await q.query(`ALTER TABLE analysis_parts ADD COLUMN heartbeat_at bigint NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analysis_parts DROP COLUMN heartbeat_at`);
    for (const column of ['job_id', 'heartbeat_at', 'owner']) await q.query(`ALTER TABLE analysis_runs DROP COLUMN ${column}`);
  }
}
