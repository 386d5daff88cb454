/**
 * The HTTP API's answers, as the server sends them and the dashboard reads them. They are classes without
 * decorators (no runtime dependency) so that the OpenAPI document can describe them: the server's build reads their
 * properties and comments (`npm run openapi`, server/src/openapi/).
 */
import type { AlertChannelType, AlertMetric, ConversationAct, MessageEvent, MessageRole, TokenScope, UserRole } from './vocabulary';

/** Which engines produced the analysis, and when it ran. */
export class EngineInfo {
  embedding: string;
  embeddingModel: string;
  sentiment: string;
  sentimentModel: string;
  analysedAt: string | null;
}

/** One day or week of an intent's trend (`day` is the bucket's first day). */
export class TrendPoint {
  day: string;
  messages: number;
}

export class Intent {
  id: number;
  /**
   * `bot`: one of the bot's own intents; `discovered`: a candidate among what the bot does not cover; `accepted`: a
   * candidate a manager kept; `unclear`: the messages that fit no candidate, shown as one instead of forced into one.
   */
  origin: 'bot' | 'discovered' | 'accepted' | 'unclear';
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
  /** Its conversations in which the customer chased for an update ("any update?"). */
  chasing: number;
  /** Messages per day or week (the list's `trend.bucket`) over the filter's range, or the data's last 90 days. */
  trend: TrendPoint[];
  x: number | null;
  y: number | null;
}

/** The range and bucket of the intents' trends. */
export class TrendRange {
  bucket: 'day' | 'week';
  from: string;
  to: string;
}

/** How much of what customers write the bot's own intents cover (acts left out), within the filters. */
export class Coverage {
  /** The bots and versions recognised against, e.g. "support 12". */
  versions: string[];
  /** Customer messages with an intent (not acts), and those a bot intent covers. */
  messages: number;
  coveredMessages: number;
  messageRate: number | null;
  /** Conversations with an intent, and those whose intent is a bot intent. */
  conversations: number;
  coveredConversations: number;
  conversationRate: number | null;
  /** Bot intents no customer message reached within the filters. */
  unusedBotIntents: string[];
}

/** A conversation act's count within the filters. */
export class ActCount {
  act: ConversationAct;
  label: string;
  messages: number;
  conversations: number;
  /** Of all customer messages. */
  share: number;
}

/** GET /api/intents */
export class IntentList {
  engine: EngineInfo | null;
  trend: TrendRange;
  items: Intent[];
  /** Null until a bot's definition is imported (seam bot import). */
  coverage: Coverage | null;
  /** Small talk, kept out of the intents. */
  acts: ActCount[];
}

/** One of the bot's own intents as its platform's log records it, beside Seam's reading of the same customer messages. */
export class BotReading {
  botIntent: string;
  messages: number;
  /** Share of the messages the bot scored that it matched below the threshold; null when the log has no confidence. */
  lowConfidenceRate: number | null;
  /** Share of the messages Seam reads as the same intent (the same name, or the act a small-talk intent stands for). */
  agreementRate: number;
  /** Where Seam reads these messages otherwise, what it reads them as most often: one of its intents or an act (both null: Seam agrees on all). */
  seamIntentId: number | null;
  seamAct: string | null;
  seamLabel: string | null;
  seamShare: number;
  /** The bot's fallback intent (nlu_fallback, Default Fallback Intent…): the messages it did not understand. */
  fallback: boolean;
}

/** GET /api/intents/bot-readings: empty unless the imported logs carry the bot's intents (Rasa, Dialogflow CX, Lex…). */
export class BotReadings {
  /** Below this confidence a match counts as low-confidence. */
  threshold: number;
  items: BotReading[];
}

/** GET /api/intents/:id: an intent with its latest conversations; `status` is `active` or `merged` (into `mergedInto`). */
export class IntentDetail extends Intent {
  recentConversations: string[];
  status: string;
  mergedInto: number | null;
}

/** POST /api/intents/:id/split */
export class SplitResult {
  /** The intent's id, which keeps the larger part. */
  kept: number;
  /** The new intent's id. */
  created: number;
}

/** One distinct customer message on the intent map (2-D projection of its embedding). */
export class MapPoint {
  x: number;
  y: number;
  intentId: number | null;
  text: string;
  /** How many messages had this text. */
  count: number;
}

export class MapIntent {
  id: number;
  label: string;
  x: number | null;
  y: number | null;
  size: number;
}

/** GET /api/intents/map */
export class IntentMap {
  engine: EngineInfo | null;
  points: MapPoint[];
  intents: MapIntent[];
}

export class Conversation {
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

export class MessageAnalysis {
  intentId: number | null;
  intent: string | null;
  sentiment: number | null;
  sentimentLabel: string | null;
  engine: string | null;
}

export class Message {
  id: string;
  externalId: string | null;
  sentAt: string;
  role: MessageRole;
  text: string;
  agentId: string | null;
  channel: string | null;
  event: MessageEvent | null;
  eventValue: number | null;
  metadata: Record<string, unknown> | null;
  /** The intent the bot matched for this customer message, as the platform's log records it (Rasa, Dialogflow CX, Lex…). */
  botIntent: string | null;
  /** How sure the bot was of botIntent, 0–1. */
  botConfidence: number | null;
  /** For analysed customer messages: their intent and sentiment, and the engine that scored it. */
  analysis?: MessageAnalysis | null;
}

/** A conversation's intent and sentiment path (start, end, lowest, largest drop between two customer messages). */
export class ConversationAnalysis {
  intentId: number | null;
  intentLabel: string | null;
  start: number | null;
  end: number | null;
  min: number | null;
  maxDrop: number | null;
}

/** GET /api/conversations/:id */
export class ConversationDetail extends Conversation {
  messages: Message[];
  analysis: ConversationAnalysis | null;
}

/** GET /api/conversations: a page, newest first. */
export class ConversationPage {
  items: Conversation[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class ImportRun {
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

export class RejectedRow {
  file: string;
  line: number;
  location: string | null;
  field: string | null;
  reason: string;
  raw: string;
}

/** A scheduled import source; its secrets are masked (`***`). */
export class Source {
  id: number;
  name: string;
  kind: 'folder' | 'http' | 'postgres' | 'sqlite' | 'webhook';
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
export class SourceRun {
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

export class Rates {
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
  /** Conversations the bot answered with at least one fallback, of those it engaged. */
  conversationsWithFallbackRate: number | null;
  /** Bot messages before the handoff, averaged over handed-off conversations. */
  botTurnsBeforeHandoff: number | null;
}

/** A median and 90th percentile, in milliseconds. */
export class Durations {
  median: number | null;
  p90: number | null;
}

/** GET /api/metrics/overview */
export class Overview extends Rates {
  timeToHandoffMs: Durations;
  firstResponseAfterHandoffMs: Durations;
  /** The same rates over the period of the same length just before (when the filter names a range). */
  previous: Rates | null;
  repeatWindowDays: number;
}

/** GET /api/metrics/by-intent, one row. */
/** One segment's rates (GET /api/metrics/segments). */
export class SegmentRates extends Rates {
  /** The segment's value: 1 / 0 for returning / new customers, a channel, a metadata value; null: none. */
  segment: string | null;
  label: string;
}

/** GET /api/metrics/segments */
export class SegmentList {
  by: string;
  items: SegmentRates[];
}

export class ByIntent extends Rates {
  intentId: number | null;
  intent: string;
  topBreakdown: ReasonCount | null;
  breakdowns: ReasonCount[];
}

export class ReasonCount {
  reason: string;
  conversations: number;
}

/** GET /api/metrics/by-intent */
export class ByIntentList {
  items: ByIntent[];
}

/** One day or week of GET /api/metrics/timeseries (`period` is its first day). */
export class TimeseriesPoint extends Rates {
  period: string;
}

/** GET /api/metrics/timeseries */
export class Timeseries {
  bucket: 'day' | 'week';
  points: TimeseriesPoint[];
}

/** A breakdown reason over the filter: conversations touched and what they cost (handoffs, repeat contacts, negative endings). */
export class BreakdownReasonTotal {
  reason: string;
  conversations: number;
  share: number | null;
  handoffs: number;
  repeatContacts: number;
  negativeEndings: number;
  highSeverity: number;
  cost: number;
}

export class BreakdownCell {
  intentId: number | null;
  intent: string;
  reason: string;
  conversations: number;
}

/** GET /api/breakdowns */
export class Breakdowns {
  conversations: number;
  reasons: BreakdownReasonTotal[];
  matrix: BreakdownCell[];
}

export class FlowNode {
  name: string;
}

export class FlowLink {
  source: number;
  target: number;
  value: number;
  sourceName: string;
  targetName: string;
}

/** GET /api/flows: conversations from first contact through bot, fallback and handoff to their outcome. */
export class Flows {
  nodes: FlowNode[];
  links: FlowLink[];
}

/** GET /api/flags, one item. */
export class Flag {
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
export class Me {
  username: string;
  role: UserRole;
  via: 'session' | 'token' | 'demo';
  scope: TokenScope;
  demo: boolean;
  sessionHours: number;
}


/** GET /api/flags */
export class FlagPage {
  items: Flag[];
  nextCursor: string | null;
}

export class Assignee {
  username: string;
  role: UserRole;
}

/** GET /api/flags/assignees: the accounts a flag can be assigned to. */
export class AssigneeList {
  items: Assignee[];
}

/** GET /api/imports */
export class ImportRunList {
  items: ImportRun[];
}

export class RejectedRows {
  total: number;
  rows: RejectedRow[];
}

/** GET /api/imports/:id: a run with a page of its rejected rows. */
export class ImportRunDetail extends ImportRun {
  rejected: RejectedRows;
}

/** GET /api/sources */
export class SourceList {
  items: Source[];
}

/** GET /api/sources/:id/runs */
export class SourceRunList {
  items: SourceRun[];
}

/**
 * POST /api/sources/:id/run: `started` when the run goes on in the background; with `?wait=true`, `ran` and the
 * attempts it made.
 */
export class SourceRunAnswer {
  source: Source;
  started?: boolean;
  ran?: boolean;
  attempts?: SourceRun[];
}

/** An analysis run: its engines, what it did, and where it is. */
export class AnalysisRun {
  id: number;
  status: string;
  startedAt: number;
  finishedAt: number | null;
  embeddingEngine: string;
  embeddingModel: string;
  sentimentEngine: string;
  sentimentModel: string;
  messagesAnalysed: number;
  textsEmbedded: number;
  cacheHits: number;
  intents: number;
  reclustered: boolean;
  progress: number;
  stage: string | null;
  error: string | null;
  /** `host:pid` of the process running it, its queue job (with workers), and when it last said it was alive. */
  owner: string | null;
  jobId: string | null;
  heartbeatAt: number | null;
}

/** GET /api/analysis */
export class AnalysisStatus {
  engine: EngineInfo | null;
  runs: AnalysisRun[];
}

/**
 * POST /api/analysis: 202 `scheduled` (and `queued` with workers); with `?wait=true`, 201 and the finished run, or
 * with workers `queued` and the run as far as it got.
 */
export class AnalyseAnswer {
  scheduled?: boolean;
  queued?: boolean;
  recluster?: boolean;
  jobState?: string | null;
  run?: AnalysisRun | null;
}

/** A Seam account, without its secrets. */
export class User {
  id: number;
  username: string;
  role: UserRole;
  disabled: boolean;
  createdAt: number;
}

/** POST /api/auth/login */
export class SignedIn {
  user: User;
  /** When the session ends (ms since 1970). */
  expiresAt: number;
}

/** An API token (its secret is shown once, when created). */
export class Token {
  id: number;
  userId: number;
  name: string;
  scope: TokenScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** POST /api/tokens: the token, and its secret, shown this once. */
export class CreatedToken extends Token {
  token: string;
}

export class AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  detail: unknown;
}

/** GET /api/audit, newest first; pass `nextBefore` as `before` for the next page. */
export class AuditPage {
  items: AuditEntry[];
  nextBefore: number | null;
}

export class FailingSource {
  name: string;
  consecutiveFailures: number;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
}

export class SourceHealth {
  total: number;
  failingCount: number;
  /** Which sources fail: signed-in users only. */
  failing?: FailingSource[];
}

export class FailingAlertChannel {
  name: string;
  type: AlertChannelType;
  consecutiveFailures: number;
  lastError: string | null;
}

export class AlertChannelHealth {
  total: number;
  failingCount: number;
  /** Which channels fail: signed-in users only. */
  failing?: FailingAlertChannel[];
}

/** GET /api/health: `ok`, or `degraded` when a scheduled source's last run, or an alert channel's last send, failed after its retries. */
export class Health {
  status: 'ok' | 'degraded';
  database: 'sqlite' | 'postgres';
  sources: SourceHealth;
  alertChannels: AlertChannelHealth;
}

/** Hits and conversations counted on one side of a change (volume: conversations both). */
export class AlertSide {
  hits: number;
  of: number;
}

/**
 * Something that changed in the last period against its baseline (docs/metrics.md, "What changed"): its size, the
 * counts on both sides, the test's p-value and its Benjamini–Hochberg adjusted value (null where nothing is tested: a
 * new intent, a silent or failing source), and where to see the conversations behind it.
 */
export class Alert {
  id: number;
  metric: AlertMetric;
  direction: 'up' | 'down';
  subject: string;
  subjectKind: 'all' | 'intent' | 'source' | 'version';
  /** What the subject is called: "All conversations", the intent's label, the source's name, the bot and its version. */
  label: string;
  period: 'day' | 'week';
  periodStart: number;
  periodEnd: number;
  /** Volume: conversations in the period; rates: the share (0–1). */
  value: number;
  /** Volume: the usual period's conversations (the median of the baseline periods); rates: the baseline's share. */
  baseline: number;
  current: AlertSide;
  before: AlertSide;
  p: number | null;
  q: number | null;
  /** One line a manager reads: "Escalation rate of refund status rose from 20% to 45% (45 of 100 conversations)". */
  summary: string;
  /** The dashboard's conversations behind it (path and query). */
  link: string;
  createdAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
}

/** GET /api/alerts */
export class AlertList {
  items: Alert[];
  /** Alerts no one acknowledged yet (the bell's count). */
  unacknowledged: number;
}

/** Which alerts a channel sends, and when. */
export class AlertRules {
  /** The kinds it sends (empty: all). */
  metrics: AlertMetric[];
  /** Changes resting on fewer conversations in the period are not sent (0: all). */
  minConversations: number;
  /** `immediate`: after each analysis; `digest`: once a day at `digestHour`, what changed since the last one. */
  mode: 'immediate' | 'digest';
  digestHour: number;
  /** Hours (0–23, SEAM_TIME_ZONE) during which immediate alerts wait; both null: none. */
  quietStart: number | null;
  quietEnd: number | null;
}

/**
 * An alert channel. `config` by type: webhook `{url, format: "slack" | "teams" | "json", secret?}` (the secret is sent
 * as a bearer token), email `{host, port, secure, user?, password?, from, to: string[]}`; secrets answered as "••••".
 */
export class AlertChannel {
  id: number;
  name: string;
  type: AlertChannelType;
  enabled: boolean;
  config: Record<string, unknown>;
  rules: AlertRules;
  status: 'ok' | 'failing' | 'never_sent';
  consecutiveFailures: number;
  lastError: string | null;
  lastSentAt: number | null;
}

/** POST /api/alert-channels (PATCH: the fields to change; a secret left as "••••" keeps the stored one). */
export class AlertChannelInput {
  name: string;
  type: AlertChannelType;
  enabled?: boolean;
  config: Record<string, unknown>;
  rules?: Partial<AlertRules>;
}

/** One send to a channel, its attempts and what happened. */
export class AlertDelivery {
  id: number;
  channelId: number;
  kind: 'immediate' | 'digest' | 'test';
  alerts: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** Every error: a code (`NOT_FOUND`, `INVALID`, `BAD_FILTER`, `UNAUTHENTICATED`, `FORBIDDEN`, …) and what to do about it. */
export class ApiError {
  code: string;
  message: string;
  /** The field of the request at fault, when one is. */
  field?: string;
}

/**
 * POST /api/sources (PATCH: the fields to change). `config` by kind: folder `{path, pattern?, settleSeconds?}`,
 * http `{url, headers?, timeoutSeconds?}`, postgres `{url, query, cursor}` or `{url, preset: "rasa" | "chatwoot",
 * webhookSecret?}`, sqlite `{path, query, cursor}` or `{path, preset: "rasa"}`, webhook `{webhookSecret}` (the platform's
 * webhooks alone: POST /api/hooks/chatwoot/{id}?token=…).
 */
export class SourceInput {
  name: string;
  kind: 'folder' | 'http' | 'postgres' | 'sqlite' | 'webhook';
  config: Record<string, unknown>;
  /** When it runs, e.g. `0 2 * * *` for 02:00 every night. */
  cron: string;
  enabled?: boolean;
  /** The files' format; by default each file's is detected. */
  format?: string | null;
  /** Attempts after a failed one (0 to 10, default 2). */
  retries?: number;
}

/** A version of a bot's definition: its intents and training examples as imported from the bot's own files. */
export class BotVersion {
  id: number;
  /** The bot's name (several bots may be imported). */
  bot: string;
  version: string;
  /** When this version went live (YYYY-MM-DD): the marker on trend charts, the split of before/after comparisons. */
  releasedAt: string;
  importedAt: string;
  fileName: string;
  /** rasa-yaml, rasa-json, rasa-markdown, dialogflow-es, dialogflow-cx or csv. */
  format: string;
  intents: number;
  examples: number;
}

/** GET /api/bot/versions, newest release first. */
export class BotVersionList {
  items: BotVersion[];
}

export class BotIntentSummary {
  name: string;
  /** The conversation act it stands for (`greet` → greeting), when it is small talk. */
  act: string | null;
  examples: number;
}

/** GET /api/bot/versions/:id */
export class BotVersionDetail extends BotVersion {
  intentList: BotIntentSummary[];
}

/** A candidate intent: what customers ask that no bot intent covers, with what it costs. */
export class Gap extends Intent {
  handoffs: number;
  /** Conversations in which the bot fell back. */
  fallbacks: number;
  abandoned: number;
  /** Conversations whose customer came back within the repeat window. */
  repeats: number;
  /** handoffs + fallbacks + abandoned + repeats (GapList.formula). */
  cost: number;
  /** Its latest conversations (ids). */
  recentConversations: string[];
}

/** GET /api/gaps: what the bot should learn next, the costliest first. */
export class GapList {
  formula: string;
  /** The bots and versions the candidates are not covered by (empty without a bot: every intent is a candidate). */
  versions: string[];
  items: Gap[];
}

/** One side of a before/after comparison. */
export class ComparisonSide extends Rates {
  from: string;
  to: string;
}

/** How a rate moved across a version's release, and whether the move is beyond chance (two-proportion z-test). */
export class RateChange {
  metric: string;
  before: number | null;
  after: number | null;
  change: number | null;
  z: number | null;
  beyondChance: boolean;
}

/** GET /api/metrics/compare: the same number of days before and after a bot version went live. */
export class VersionComparison {
  version: BotVersion;
  days: number;
  before: ComparisonSide;
  after: ComparisonSide;
  changes: RateChange[];
  /** Said when a side has too few conversations to tell (fewer than 30). */
  note: string | null;
}

/** One link of the journeys' flow: from the intent of a customer's contact at `step` (0: the first) to the next one's. */
export class JourneyLinkItem {
  step: number;
  fromIntentId: number | null;
  fromLabel: string;
  toIntentId: number | null;
  toLabel: string;
  customers: number;
  /** Of the journeys at the `from` intent at that step. */
  share: number;
  medianGapMs: number | null;
  /** The first journeys behind the link (by their start, at most 10): the customer and the two conversations. */
  examples: JourneyExample[];
}

export class JourneyExample {
  customer: string;
  fromConversation: string;
  toConversation: string;
}

/** GET /api/behaviour/journeys */
export class JourneyFlow {
  windowDays: number;
  /** Customers with an id among the filtered conversations, their journeys, and the journeys with a later contact. */
  customers: number;
  journeys: number;
  returningJourneys: number;
  /** Conversations whose log names no customer: each is a journey of its own. */
  anonymousConversations: number;
  /**
   * The 25 most travelled links of each step, most travelled first. With `format=csv`, every link (without
   * examples): a million conversations make thousands of rare links, which no page shows.
   */
  links: JourneyLinkItem[];
  /** The links left out of `links`, less travelled than those of their step. */
  otherLinks: number;
}

/** GET /api/behaviour/journeys/next?intent=ID: what customers contact about after a contact about the intent. */
export class NextAfterAnswer {
  intentId: number | null;
  label: string;
  windowDays: number;
  contacts: number;
  cameBack: number;
  next: NextIntent[];
}

export class NextIntent {
  intentId: number | null;
  label: string;
  contacts: number;
  share: number;
  medianGapMs: number | null;
}

/** One hour of one weekday (0 = Monday), in the answer's time zone. */
export class WhenCell {
  weekday: number;
  hour: number;
  conversations: number;
  escalationRate: number | null;
  deflectionRate: number | null;
}

export class WhenHour {
  hour: number;
  conversations: number;
  handoffs: number;
  firstResponseMedianMs: number | null;
}

/** GET /api/behaviour/when: conversations by weekday × hour, with escalation and deflection, and agents' first replies by hour. */
export class WhenAnswer {
  timeZone: string;
  cells: WhenCell[];
  hours: WhenHour[];
  peak: WhenCell | null;
}

export class EffortFiguresItem {
  contacts: number;
  customerTurnsMean: number | null;
  durationMedianMs: number | null;
  resolvedIssues: number;
  contactsPerResolvedIssue: number | null;
  timeToResolutionMedianMs: number | null;
}

export class EffortByIntent extends EffortFiguresItem {
  intentId: number | null;
  label: string;
}

export class EffortByChannel extends EffortFiguresItem {
  channel: string | null;
}

export class EffortCustomerItem {
  customer: string;
  contacts: number;
  customerTurns: number;
  durationMs: number;
  unresolvedIssues: number;
  /** Their contacts' intents in order. */
  journey: string[];
  conversationIds: string[];
}

/** GET /api/behaviour/effort */
export class EffortAnswer {
  windowDays: number;
  overall: EffortFiguresItem;
  byIntent: EffortByIntent[];
  byChannel: EffortByChannel[];
  customers: EffortCustomerItem[];
}
