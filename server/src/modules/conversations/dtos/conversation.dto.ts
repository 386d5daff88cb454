import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CustomerFilterQuery, MAX_ID } from '../../../common/dtos/filter.dto';
import type { ConversationEntity } from '../conversation.entity';
import type { MessageEntity } from '../message.entity';
import type { Conversation as ConversationDto, Message as MessageDto } from '#contracts';

export type { Conversation as ConversationDto, Message as MessageDto } from '#contracts';


/** A set of conversations: the list and the export take the same filters. */
export class ConversationSetQuery extends CustomerFilterQuery {
  /** The customer's id as the export gave it. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  customer?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'handoff must be true or false' })
  handoff?: 'true' | 'false';

  /** The intent of the conversation's first customer message. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'intent must be an intent id' })
  @Min(1)
  @Max(MAX_ID, { message: 'intent is larger than any id' })
  intent?: number;

  /** resolved, abandoned, came_back or open (docs/metrics.md). */
  @IsOptional()
  @IsIn(['resolved', 'abandoned', 'came_back', 'open'], { message: 'outcome must be resolved, abandoned, came_back or open' })
  outcome?: string;

  /** Words any message of the conversation contains. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

}

export class ListConversationsQuery extends ConversationSetQuery {
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not one this API returned' })
  cursor?: string;
}

export const EXPORT_FORMATS = ['csv', 'arrow'] as const;

export class ExportConversationsQuery extends ConversationSetQuery {
  @IsIn(EXPORT_FORMATS, { message: 'format must be csv or arrow' })
  format!: (typeof EXPORT_FORMATS)[number];
}



const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function mapConversation(c: ConversationEntity, customerExternalId: string | null): ConversationDto {
  return {
    id: c.id,
    source: c.source,
    externalId: c.externalId,
    customer: customerExternalId,
    channel: c.channel,
    startedAt: iso(c.startedAt),
    endedAt: iso(c.endedAt),
    messageCount: c.messageCount,
    customerTurns: c.customerTurns,
    botTurns: c.botTurns,
    agentTurns: c.agentTurns,
    hadHandoff: c.hadHandoff,
    firstHandoffAt: iso(c.firstHandoffAt),
    botFallbacks: c.botFallbacks,
    resolved: c.resolved,
    csat: c.csat,
    metadata: c.metadata,
    textDeletedAt: iso(c.textPurgedAt),
  };
}

export function mapMessage(m: MessageEntity): MessageDto {
  return {
    id: m.id,
    externalId: m.externalId,
    sentAt: new Date(m.sentAt).toISOString(),
    role: m.role,
    text: m.text,
    agentId: m.agentId,
    channel: m.channel,
    event: m.event,
    eventValue: m.eventValue,
    metadata: m.metadata,
    botIntent: m.botIntent,
    botConfidence: m.botConfidence,
  };
}
