import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Failed sign-ins, per account and per client address, kept in the database: every Seam process on it holds back
 * the same guesser, and a restart does not forget them.
 */
export class SignInAttempts1765300000000 implements MigrationInterface {
  name = 'SignInAttempts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sign_in_attempts',
        columns: [
          // `account:<username>` or `address:<ip>`.
          { name: 'subject', type: 'varchar', length: '300', isPrimary: true },
          { name: 'failures', type: 'integer' },
          { name: 'last_failed_at', type: 'bigint' },
          { name: 'held_until', type: 'bigint' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_attempts');
  }
}
