export const SOURCE_KINDS = ['folder', 'http', 'postgres', 'sqlite', 'webhook'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Export files land in a folder; each new or changed file is imported once. */
export interface FolderConfig {
  path: string;
  /** Only names matching this regular expression (default: every file but dotfiles and partial downloads). */
  pattern?: string;
  /** A file modified less than this many seconds ago may still be being written: left for the next run (default 30). */
  settleSeconds?: number;
}

/** An HTTP(S) URL that serves an export; imported again only when it changed (ETag, Last-Modified, content digest). */
export interface HttpConfig {
  url: string;
  /** Sent with the request, e.g. `{ "Authorization": "Bearer …" }`. */
  headers?: Record<string, string>;
  timeoutSeconds?: number;
}

/**
 * A chat platform's PostgreSQL database: a SELECT whose columns are named like Seam's log fields
 * (conversation_id, message_id, timestamp, role, text, customer_id, channel, event …), and a column of it that
 * only grows (an id or an updated-at time): each run reads the rows past the last value it imported.
 */
export interface PostgresConfig {
  url: string;
  /** With a preset, its own (sources/presets.ts, filled in when the source runs). */
  query: string;
  cursor: string;
  /** The platform whose tables the source reads as the platform laid them out (sources/presets.ts). */
  preset?: string;
  /** Also accepts the platform's webhooks at /api/hooks/<format>/<source id>?token=<this> (Chatwoot). */
  webhookSecret?: string;
}

/** A platform's SQLite database (Rasa's SQL tracker store), read like a PostgreSQL source; the file lies within SEAM_SOURCE_ROOTS. */
export interface SqliteConfig {
  path: string;
  query: string;
  cursor: string;
  preset?: string;
}

/** Only the platform's webhooks bring this source's conversations (no database to read): /api/hooks/<format>/<id>?token=<secret>. */
export interface WebhookConfig {
  webhookSecret: string;
}

export type SourceConfig = FolderConfig | HttpConfig | PostgresConfig | SqliteConfig | WebhookConfig;

/** One thing a run found to import: a file on disk (a temporary one for HTTP and PostgreSQL). */
export interface FetchedItem {
  key: string;
  fingerprint: string;
  file: string;
  /** The name the import reports (and detects the format by). */
  fileName: string;
  /** Delete `file` once imported (a temporary download). */
  temporary: boolean;
}
