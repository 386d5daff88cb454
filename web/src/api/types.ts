/**
 * The API's answers, from Seam's contracts (`#contracts`), which the server's handlers are typed with too: the
 * dashboard imports nothing from the server, and the two cannot drift apart.
 */
export type {
  ByIntent,
  Conversation,
  ConversationDetail,
  EngineInfo,
  Flag,
  ImportRun,
  Intent,
  IntentList,
  Me,
  Message,
  Overview,
  Rates,
  RejectedRow as Rejected,
  Source,
  SourceRun,
  UserRole as Role,
} from '#contracts';
