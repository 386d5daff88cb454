/**
 * Seam's own export (`GET /api/conversations/export`, `seam export`) imports back as the log it was: its log
 * columns are read like any file's, its `source` column names each conversation's source (unless the import
 * names one), rows whose text retention deleted come back as such, and its analysis columns, which are Seam's
 * output and are computed again, are not read. A file is taken for an export when it has every analysis column.
 */
export const EXPORT_ANALYSIS_COLUMNS = [
  'seq',
  'sentiment',
  'sentiment_label',
  'sentiment_engine',
  'message_intent',
  'conversation_intent',
  'outcome',
  'bot_engaged',
  'handoff',
  'contained',
  'deflected',
  'csat',
  'conversation_sentiment_start',
  'conversation_sentiment_end',
  'conversation_sentiment_min',
  'conversation_sentiment_max_drop',
  'flags',
] as const;

export type ExportAnalysisColumn = (typeof EXPORT_ANALYSIS_COLUMNS)[number];

const ANALYSIS = new Set<string>(EXPORT_ANALYSIS_COLUMNS);

export function isSeamExport(columns: string[]): boolean {
  const names = new Set(columns);
  return EXPORT_ANALYSIS_COLUMNS.every((c) => names.has(c));
}

export function isAnalysisColumn(column: string): boolean {
  return ANALYSIS.has(column);
}
