import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * What changed (analytics/src/alerts): each alert once per subject, metric, direction and period; keys a manager
 * muted until a date; the channels alerts go to (webhook, e-mail: their settings, secrets included, never answered by
 * the API) with their rules and health; and each send, its attempts and the next one (retried with backoff).
 */
export class Alerts1766200000000 implements MigrationInterface {
  name = 'Alerts1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'alerts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'alert_key', type: 'varchar', length: '300' },
          { name: 'direction', type: 'varchar', length: '8' },
          { name: 'period', type: 'varchar', length: '8' },
          { name: 'period_start', type: 'bigint' },
          { name: 'period_end', type: 'bigint' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'subject_kind', type: 'varchar', length: '16' },
          { name: 'label', type: 'varchar', length: '500' },
          { name: 'metric', type: 'varchar', length: '32' },
          { name: 'value', type: 'real' },
          { name: 'baseline', type: 'real' },
          { name: 'counts', type: 'text' },
          { name: 'p_value', type: 'real', isNullable: true },
          { name: 'q_value', type: 'real', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'acknowledged_at', type: 'bigint', isNullable: true },
          { name: 'acknowledged_by', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
    );
    await q.createIndex('alerts', new TableIndex({ name: 'ux_alerts_key_period', columnNames: ['alert_key', 'direction', 'period', 'period_start'], isUnique: true }));
    await q.createIndex('alerts', new TableIndex({ name: 'ix_alerts_created', columnNames: ['created_at'] }));
    await q.createTable(
      new Table({
        name: 'alert_mutes',
        columns: [
          { name: 'alert_key', type: 'varchar', length: '300', isPrimary: true },
          { name: 'muted_until', type: 'bigint' },
          { name: 'muted_by', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_channels',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '200', isUnique: true },
          { name: 'type', type: 'varchar', length: '16' },
          { name: 'config', type: 'text' },
          { name: 'rules', type: 'text' },
          { name: 'enabled', type: 'smallint', default: 1 },
          { name: 'consecutive_failures', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'last_sent_at', type: 'bigint', isNullable: true },
          { name: 'last_digest_at', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_deliveries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'channel_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'alert_ids', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'bigint', isNullable: true },
          { name: 'claimed_until', type: 'bigint', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'sent_at', type: 'bigint', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['channel_id'], referencedTableName: 'alert_channels', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createIndex('alert_deliveries', new TableIndex({ name: 'ix_alert_deliveries_due', columnNames: ['status', 'next_attempt_at'] }));
    await q.createIndex('alert_deliveries', new TableIndex({ name: 'ix_alert_deliveries_channel', columnNames: ['channel_id', 'created_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('alert_deliveries');
    await q.dropTable('alert_channels');
    await q.dropTable('alert_mutes');
    await q.dropTable('alerts');
  }
}
