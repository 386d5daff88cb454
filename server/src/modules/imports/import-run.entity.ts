import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber, jsonText } from '../../database/column-transformers';

export const IMPORT_STATUSES = ['running', 'completed', 'failed', 'rolled_back'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

@Entity('import_runs')
export class ImportRunEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'file_name', type: 'varchar', length: 1000 })
  fileName: string;

  @Column({ type: 'varchar', length: 32 })
  format: string;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ name: 'started_at', type: 'bigint', transformer: bigintNumber })
  startedAt: number;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: bigintNumber })
  finishedAt: number | null;

  @Column({ name: 'heartbeat_at', type: 'bigint', transformer: bigintNumber })
  heartbeatAt: number;

  /** host:pid of the process running the import, to tell a live import from a dead one. */
  @Column({ type: 'varchar', length: 300 })
  owner: string;

  @Column({ name: 'bytes_total', type: 'bigint', nullable: true, transformer: bigintNumber })
  bytesTotal: number | null;

  @Column({ name: 'bytes_read', type: 'bigint', default: 0, transformer: bigintNumber })
  bytesRead: number;

  @Column({ name: 'records_read', type: 'integer', default: 0 })
  recordsRead: number;

  @Column({ name: 'messages_inserted', type: 'integer', default: 0 })
  messagesInserted: number;

  @Column({ name: 'messages_duplicate', type: 'integer', default: 0 })
  messagesDuplicate: number;

  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount: number;

  @Column({ name: 'conversations_touched', type: 'integer', default: 0 })
  conversationsTouched: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Personal data replaced before storage, by kind (`EMAIL`, `PHONE`, `CARD`, …). */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  redactions: Record<string, number> | null;
}
