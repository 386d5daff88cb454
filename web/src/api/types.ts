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
  examples: string[];
  messages: number;
  conversations: number;
  share: number;
  sentiment: number | null;
  escalationRate: number | null;
  trend: { day: string; messages: number }[];
  x: number | null;
  y: number | null;
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

export interface Message {
  id: string;
  sentAt: string;
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  agentId: string | null;
  event: string | null;
  eventValue: number | null;
  analysis: { intentId: number | null; intent: string | null; sentiment: number | null; sentimentLabel: string | null; engine: string | null } | null;
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
  hadHandoff: boolean;
  botFallbacks: number;
  resolved: boolean;
  csat: number | null;
}

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
  recordsRead: number;
  messagesInserted: number;
  messagesDuplicate: number;
  rejectedCount: number;
  conversationsTouched: number;
  error: string | null;
}
