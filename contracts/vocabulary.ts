/** Seam's vocabulary, shared by the server and the dashboard: what a message, a user and a flag can be. */

/** Who wrote a message. */
export const MESSAGE_ROLES = ['customer', 'bot', 'agent', 'system'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** What a message records besides text. */
export const MESSAGE_EVENTS = ['handoff', 'bot_fallback', 'resolved', 'csat'] as const;
export type MessageEvent = (typeof MESSAGE_EVENTS)[number];

/** A Seam account's role: admin (everything), manager (all analytics and intents), agent (the review queue). */
export const USER_ROLES = ['admin', 'manager', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** An API token's scope: read (GET only), import (reads and uploads), full (whatever its owner's role allows). */
export const TOKEN_SCOPES = ['read', 'import', 'full'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Why a conversation is flagged for review (analytics' breakdown detectors). */
export const BREAKDOWN_REASONS = [
  'asked_for_human',
  'fallback_loop',
  'repeated_question',
  'context_lost',
  'sentiment_drop',
  'ended_negative',
  'long_wait_after_handoff',
  'ping_pong',
  'repeat_after_bot_resolved',
  'abandoned_after_handoff',
] as const;
export type BreakdownReason = (typeof BREAKDOWN_REASONS)[number];

/** A flag's review status; `follow_up` is shown as "needs follow-up". */
export const FLAG_STATUSES = ['open', 'reviewed', 'dismissed', 'follow_up'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/**
 * Conversation acts: what a customer message does rather than what it is about (small talk), most telling first.
 * Counted on their own and kept out of intents (analytics/src/intents/acts.ts recognises them).
 */
export const CONVERSATION_ACTS = ['ask_human', 'still_broken', 'chasing', 'done', 'negate', 'affirm', 'thanks', 'goodbye', 'greeting', 'ack', 'details'] as const;
export type ConversationAct = (typeof CONVERSATION_ACTS)[number];

/** How the dashboard names each act. */
export const ACT_LABELS: Record<ConversationAct, string> = {
  ask_human: 'Asks for a person',
  still_broken: 'Still not working',
  chasing: 'Chasing an update',
  done: 'Done / sent',
  negate: 'No',
  affirm: 'Yes',
  thanks: 'Thanks',
  goodbye: 'Goodbye',
  greeting: 'Greeting',
  ack: 'OK',
  details: 'Gives details (a number, an id, a version)',
};

/**
 * What an alert is about (analytics/src/alerts/changes.ts detects the first nine; `source_failing` is a scheduled
 * source whose last run failed after its retries), and how the dashboard, e-mails and webhooks name each.
 */
export const ALERT_METRICS = ['volume', 'escalation', 'deflection', 'fallback', 'repeat_contact', 'negative_ending', 'chasing', 'new_intent', 'silent_source', 'source_failing'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_METRIC_LABELS: Record<AlertMetric, string> = {
  volume: 'Conversations',
  escalation: 'Escalation rate',
  deflection: 'Deflection rate',
  fallback: 'Conversations with a fallback',
  repeat_contact: 'Repeat contacts',
  negative_ending: 'Conversations ending negative',
  chasing: 'Customers chasing an update',
  new_intent: 'New intent',
  silent_source: 'Source stopped delivering',
  source_failing: 'Source failing',
};

/** Where alerts are sent. */
export const ALERT_CHANNEL_TYPES = ['webhook', 'email'] as const;
export type AlertChannelType = (typeof ALERT_CHANNEL_TYPES)[number];

/** The log formats Seam reads (server/src/modules/imports/formats), and how the CLI and the Imports page describe each. */
export const IMPORT_FORMATS = {
  jsonl: "JSON Lines in Seam's log format (one message a line)",
  csv: "CSV or TSV with a header naming Seam's fields",
  json: 'nested JSON (conversations holding messages)',
  arrow: 'Apache Arrow IPC',
  twcs: 'Customer Support on Twitter',
  sgd: 'Schema-Guided Dialogue',
  abcd: 'ABCD (Action-Based Conversations)',
  taskmaster: 'Taskmaster',
  rasa: "Rasa: trackers, the SQL tracker store's events, event-broker events",
  chatwoot: "Chatwoot: its database's messages and its webhooks",
  'dialogflow-cx': "Dialogflow CX: the interaction logs' BigQuery export (JSON Lines or CSV)",
  lex: 'Amazon Lex V2 conversation logs (CloudWatch)',
  connect: 'Amazon Connect: Contact Lens output files and chat transcripts',
  intercom: "Intercom: conversations with their parts (REST API)",
  zendesk: 'Zendesk: tickets with comments, ticket events, Sunshine Conversations messages',
  jddc: 'JDDC (JD.com Dialogue Challenge) chat logs and dev files',
} as const;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

/** Below this confidence the bot's own intent for a message counts as a low-confidence match (docs/metrics.md). */
export const BOT_LOW_CONFIDENCE = 0.5;
