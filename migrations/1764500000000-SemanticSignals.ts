import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS: [string, string][] = [
  ['human_similarity', 'real'],
  ['repeat_of', 'varchar(32)'],
  ['repeat_similarity', 'real'],
  ['semantic_space_id', 'integer'],
];

/**
 * Per customer message, what a transformer model says for the detectors: closeness to asking for a person,
 * the earlier turn it repeats in other words, and which embedding space said so (NULL: not computed, as under
 * the lexical engine). Nullable columns added in place: no table rewrite on either engine.
 */
export class SemanticSignals1764500000000 implements MigrationInterface {
  name = 'SemanticSignals1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, type] of COLUMNS) await q.query(`ALTER TABLE message_analysis ADD COLUMN ${name} ${type} NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of [...COLUMNS].reverse()) await q.query(`ALTER TABLE message_analysis DROP COLUMN ${name}`);
  }
}
