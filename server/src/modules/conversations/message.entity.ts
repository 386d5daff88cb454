import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageEvent, MessageRole } from '#contracts';
import { bigintNumber, jsonText } from '../../database/column-transformers';

@Entity('messages')
export class MessageEntity {
  /** Deterministic: (source, conversation, external id) or, where the export has none, a content hash. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'conversation_id', type: 'varchar', length: 32 })
  conversationId: string;

  @Column({ name: 'external_id', type: 'varchar', length: 500, nullable: true })
  externalId: string | null;

  @Column({ name: 'sent_at', type: 'bigint', transformer: bigintNumber })
  sentAt: number;

  /** Position in the source file, to keep the exporter's order when timestamps tie. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  seq: number;

  @Column({ type: 'varchar', length: 16 })
  role: MessageRole;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 32, nullable: true })
  customerId: string | null;

  @Column({ name: 'agent_id', type: 'varchar', length: 200, nullable: true })
  agentId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  event: MessageEvent | null;

  @Column({ name: 'event_value', type: 'real', nullable: true })
  eventValue: number | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  metadata: Record<string, unknown> | null;

  /** The intent the bot matched for a customer message, when the platform's log records it. */
  @Column({ name: 'bot_intent', type: 'varchar', length: 300, nullable: true })
  botIntent: string | null;

  @Column({ name: 'bot_confidence', type: 'real', nullable: true })
  botConfidence: number | null;

  @Column({ name: 'import_run_id', type: 'integer' })
  importRunId: number;
}
