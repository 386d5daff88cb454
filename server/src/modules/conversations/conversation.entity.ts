import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, flag, jsonText } from '../../database/column-transformers';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'external_id', type: 'varchar', length: 500 })
  externalId: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 32, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  channel: string | null;

  @Column({ name: 'started_at', type: 'bigint', nullable: true, transformer: bigintNumber })
  startedAt: number | null;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: bigintNumber })
  endedAt: number | null;

  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount: number;

  @Column({ name: 'customer_turns', type: 'integer', default: 0 })
  customerTurns: number;

  @Column({ name: 'bot_turns', type: 'integer', default: 0 })
  botTurns: number;

  @Column({ name: 'agent_turns', type: 'integer', default: 0 })
  agentTurns: number;

  @Column({ name: 'had_handoff', type: 'smallint', default: 0, transformer: flag })
  hadHandoff: boolean;

  @Column({ name: 'first_handoff_at', type: 'bigint', nullable: true, transformer: bigintNumber })
  firstHandoffAt: number | null;

  @Column({ name: 'bot_fallbacks', type: 'integer', default: 0 })
  botFallbacks: number;

  @Column({ name: 'resolved', type: 'smallint', default: 0, transformer: flag })
  resolved: boolean;

  @Column({ type: 'real', nullable: true })
  csat: number | null;

  /** Set once the import that wrote the conversation has committed all of it. */
  @Column({ type: 'smallint', default: 0, transformer: flag })
  visible: boolean;

  @Column({ name: 'last_import_run_id', type: 'integer', nullable: true })
  lastImportRunId: number | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  metadata: Record<string, unknown> | null;

  /** When retention emptied the message texts (null: they are there). */
  @Column({ name: 'text_purged_at', type: 'bigint', nullable: true, transformer: bigintNumber })
  textPurgedAt: number | null;
}
