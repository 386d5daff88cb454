import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One analysis runs at a time across every process on the database: at most one run is `running` (a partial unique
 * index the run's insert meets). Runs left running by older versions, all but the newest, end as failed here.
 */
export class OneAnalysisAtATime1765900000000 implements MigrationInterface {
  name = 'OneAnalysisAtATime1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE analysis_runs SET status = 'failed', error = 'the analysing process stopped before the end'
       WHERE status = 'running' AND id < (SELECT MAX(r.id) FROM analysis_runs r WHERE r.status = 'running')`,
    );
    await q.query(`CREATE UNIQUE INDEX ux_analysis_runs_running ON analysis_runs (status) WHERE status = 'running'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ux_analysis_runs_running`);
  }
}
