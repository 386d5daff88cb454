/** The HTTP API's answers, as the server sends them and the dashboard reads them. */
import type { MessageEvent, MessageRole, TokenScope, UserRole } from './vocabulary';

/** Which engines produced the analysis, and when it ran. */
export interface EngineInfo {
  embedding: string;
  embeddingModel: string;
  sentiment: string;
  sentimentModel: string;
  analysedAt: string | null;
}

export interface Intent {
  id: number;
  label: string;
  generatedLabel: string;
  renamed: boolean;
  keywords: string[];
  /** Customer messages of the intent (empty for agents, who may not read them). */
  examples: string[];
  messages: number;
  conversations: number;
  share: number;
  sentiment: number | null;
  escalationRate: number | null;
  /** Messages per day or week (the list's `trend.bucket`) over the filter's range, or the data's last 90 days. */
  trend: { day: string; messages: number }[];
  x: number | null;
  y: number | null;
}

/** GET /api/intents */
export interface IntentList {
  engine: EngineInfo | null;
  trend: { bucket: 'day' | 'week'; from: string; to: string };
  items: Intent[];
}

export interface Conversation {
  id: string;
  source: string;
  externalId: string;
  customer: string | null;
  channel: string | null;
  startedAt: string | null;
  endedAt: string | null;
  messageCount: number;
  customerTurns: number;
  botTurns: number;
  agentTurns: number;
  hadHandoff: boolean;
  firstHandoffAt: string | null;
  botFallbacks: number;
  resolved: boolean;
  csat: number | null;
  metadata: Record<string, unknown> | null;
  /** When retention emptied the message texts (SEAM_RETENTION_DAYS); the analysis and metrics stay. */
  textDeletedAt: string | null;
}

export interface Message {
  id: string;
  externalId: string | null;
  sentAt: string;
  role: MessageRole | string;
  text: string;
  agentId: string | null;
  channel: string | null;
  event: MessageEvent | string | null;
  eventValue: number | null;
  metadata: Record<string, unknown> | null;
  /** For analysed customer messages: their intent and sentiment, and the engine that scored it. */
  analysis?: { intentId: number | null; intent: string | null; sentiment: number | null; sentimentLabel: string | null; engine: string | null } | null;
}

/** GET /api/conversations/:id */
export interface ConversationDetail extends Conversation {
  messages: Message[];
  analysis: { intentLabel: string | null; start: number | null; end: number | null; min: number | null; maxDrop: number | null } | null;
}

export interface ImportRun {
  id: number;
  source: string;
  fileName: string;
  format: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  progress: number | null;
  bytesRead: number;
  bytesTotal: number | null;
  recordsRead: number;
  messagesInserted: number;
  messagesDuplicate: number;
  rejectedCount: number;
  conversationsTouched: number;
  /** Personal data replaced before storage, by kind. */
  redactions: Record<string, number>;
  error: string | null;
}

export interface RejectedRow {
  file: string;
  line: number;
  location: string | null;
  field: string | null;
  reason: string;
  raw: string;
}

/** A scheduled import source; its secrets are masked (`***`). */
export interface Source {
  id: number;
  name: string;
  kind: 'folder' | 'http' | 'postgres';
  cron: string;
  enabled: boolean;
  format: string | null;
  retries: number;
  config: Record<string, unknown>;
  status: 'running' | 'failing' | 'never_run' | 'ok';
  consecutiveFailures: number;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  nextRunAt: number | null;
  runningOn: string | null;
}

/** One attempt of a source's run. */
export interface SourceRun {
  id: number;
  sourceId: number;
  attempt: number;
  trigger: 'schedule' | 'manual';
  owner: string;
  status: 'running' | 'completed' | 'failed';
  startedAt: number;
  finishedAt: number | null;
  items: number;
  messagesImported: number;
  rowsRejected: number;
  importRunIds: number[];
  error: string | null;
  /** What the counts do not say: files left for a later run while they settle, links out of the roots. */
  note: string | null;
}

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

/** GET /api/metrics/overview */
export interface Overview extends Rates {
  timeToHandoffMs: { median: number | null; p90: number | null };
  firstResponseAfterHandoffMs: { median: number | null; p90: number | null };
  previous: (Rates & { averageSentiment: number | null }) | null;
  repeatWindowDays: number;
}

/** GET /api/metrics/by-intent, one row. */
export interface ByIntent extends Rates {
  intentId: number | null;
  intent: string;
  topBreakdown: { reason: string; conversations: number } | null;
}

/** GET /api/flags, one item. */
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
  intentId: number | null;
  intent: string | null;
  updatedAt: string;
}

/** GET /api/auth/me */
export interface Me {
  username: string;
  role: UserRole;
  via: 'session' | 'token' | 'demo';
  scope: TokenScope;
  demo: boolean;
  sessionHours: number;
}
