import { CHATWOOT_QUERY } from '../imports/formats/platforms/chatwoot.format';
import type { FormatName } from '../imports/formats/format.types';
import type { SourceKind } from './source.types';

export interface SourcePreset {
  /** The database kinds the platform runs on. */
  kinds: SourceKind[];
  query: string;
  cursor: string;
  format: FormatName;
}

/**
 * Platforms whose database a source reads as the platform laid it out (docs/log-format.md): the query, the column
 * that only grows, and the format that reads its rows.
 */
export const SOURCE_PRESETS: Record<string, SourcePreset> = {
  /**
   * Rasa's SQL tracker store (SQLTrackerStore's `events` table): each event with the start of the sender's session it
   * belongs to, so a run that starts mid-session still names the conversation after its session.
   */
  rasa: {
    kinds: ['postgres', 'sqlite'],
    query: `SELECT e.id, e.sender_id, e.type_name, e.timestamp, e.intent_name, e.action_name, e.data,
  (SELECT MAX(s.timestamp) FROM events s WHERE s.sender_id = e.sender_id AND s.type_name = 'session_started' AND s.id <= e.id) AS session_started_at
FROM events e WHERE e.type_name IN ('user', 'bot', 'action', 'session_started', 'restart')`,
    cursor: 'id',
    format: 'rasa',
  },
  /** Chatwoot's own tables (messages, conversations, inboxes, csat_survey_responses); times as UTC text, which sorts. */
  chatwoot: { kinds: ['postgres'], query: CHATWOOT_QUERY, cursor: 'changed_at', format: 'chatwoot' },
};

/** A database source's configuration with its preset's query and cursor filled in (a source without a preset is as it is). */
export function withPreset<T extends { query?: string; cursor?: string; preset?: string }>(config: T): T & { query: string; cursor: string } {
  const preset = config.preset ? SOURCE_PRESETS[config.preset] : undefined;
  if (!preset) return config as T & { query: string; cursor: string };
  return { ...config, query: preset.query, cursor: preset.cursor };
}
