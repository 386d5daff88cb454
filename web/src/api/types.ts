/**
 * Response shapes. Where the server declares a response DTO, the dashboard uses that very type (a type-only
 * import, erased by the build), so the two cannot drift apart.
 */
import type { EngineInfo, IntentDto } from '../../../server/src/modules/analysis/dtos/intent.dto';
import type { ConversationDto, MessageDto } from '../../../server/src/modules/conversations/dtos/conversation.dto';
import type { ImportRunDto, RejectedRowDto } from '../../../server/src/modules/imports/dtos/import.dto';
import type { mapSource } from '../../../server/src/modules/sources/dtos/source.dto';
import type { SourceRunRow } from '../../../server/src/modules/sources/sources.repository';

export type { EngineInfo, ImportRunDto as ImportRun, RejectedRowDto as Rejected, SourceRunRow as SourceRun };
export type Source = ReturnType<typeof mapSource>;
export type Intent = IntentDto;
export type Message = MessageDto;
export type Conversation = ConversationDto;

export interface Rates {
  conversations: number;
  botEngaged: number;
  botEngagedRate: number | null;
  containmentRate: number | null;
  deflectionRate: number | null;
  deflectionPending: number;
  escalationRate: number | null;
  handoffs: number;
  botFallbackRate: number | null;
  repeatContactRate: number | null;
  repeatContactSameIntentRate: number | null;
  abandonmentAfterFallbackRate: number | null;
  abandonmentAfterHandoffRate: number | null;
  csat: number | null;
  csatResponses: number;
  averageSentiment: number | null;
  sentimentBeforeHandoff: number | null;
  sentimentAfterHandoff: number | null;
  endedNegativeRate: number | null;
}

export interface Overview extends Rates {
  timeToHandoffMs: { median: number | null; p90: number | null };
  firstResponseAfterHandoffMs: { median: number | null; p90: number | null };
  previous: (Rates & { averageSentiment: number | null }) | null;
  repeatWindowDays: number;
}

export interface ByIntent extends Rates {
  intentId: number | null;
  intent: string;
  topBreakdown: { reason: string; conversations: number } | null;
}

export interface Flag {
  id: number;
  conversationId: string;
  reason: string;
  severity: 'low' | 'medium' | 'high';
  detail: string;
  evidence: string[];
  status: string;
  assignee: string | null;
  note: string | null;
  conversationStartedAt: string;
  channel: string | null;
  intent: string | null;
}

export interface ConversationDetail extends Conversation {
  messages: Message[];
  analysis: { intentLabel: string | null; start: number | null; end: number | null; min: number | null; maxDrop: number | null } | null;
}


export type Role = 'admin' | 'manager' | 'agent';

/** GET /api/auth/me */
export interface Me {
  username: string;
  role: Role;
  via: 'session' | 'token' | 'demo';
  demo: boolean;
}
