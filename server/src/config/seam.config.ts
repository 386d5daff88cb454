import * as path from 'node:path';
import { DEFAULT_METRIC_OPTIONS } from '../../../analytics/src';
import { DEFAULT_HANDOFF, HandoffNames } from '../modules/imports/formats/format.types';
import { isTimeZone } from '../../../analytics/src/behaviour/when';

/** Typed configuration, read from the environment once at boot and injected where needed. */
export interface SeamConfig {
  port: number;
  host: string;
  /** `sqlite` (embedded default) or `postgres` (when DATABASE_URL is set). */
  dbType: 'sqlite' | 'postgres';
  databaseUrl?: string;
  sqlitePath: string;
  dataDir: string;
  uploadLimitBytes: number;
  batchSize: number;
  maxRecordBytes: number;
  /** Installed transformer models, one folder per model id (`org/name`), as transformers.js lays them out. */
  modelsDir: string;
  embeddingModel: string;
  sentimentModel: string;
  /** `auto`: transformer models when installed, the lexical engine otherwise. */
  engine: 'auto' | 'lexical' | 'transformer';
  /** Where `seam models pull` downloads from (a mirror of the model hub can be named). */
  hubEndpoint: string;
  /** Run the (incremental) analysis after every import and at start. */
  analyseAfterImport: boolean;
  /** Metric and detector thresholds (docs/metrics.md). */
  repeatWindowMs: number;
  /** A customer's journey: the contacts within this window of its first (SEAM_JOURNEY_WINDOW_DAYS, default 30). */
  journeyWindowMs: number;
  /** The time zone of the hour × weekday grid (SEAM_TIME_ZONE; default the server's). */
  timeZone: string;
  longWaitMs: number;
  sentimentDrop: number;
  negativeEnd: number;
  humanSimilarity: number;
  repeatSimilarity: number;
  /** Replace personal data in message text at import (on by default), with extra named patterns. */
  redact: boolean;
  redactPatterns: { name: string; pattern: RegExp }[];
  /** An import whose heartbeat is older than this is taken as dead and rolled back. */
  staleImportMs: number;
  /** With workers, an analysis run silent this long is taken as dead: failed, and its job given to another worker. */
  staleAnalysisMs: number;
  /** How long a sign-in lasts. */
  sessionHours: number;
  /**
   * `local`: imports and analyses run in the process that asks for them. `queue` (PostgreSQL only): analyses and
   * scheduled source runs are jobs in a queue in PostgreSQL (pg-boss) that `seam worker` processes take.
   */
  jobs: 'local' | 'queue';
  /** New messages per part of an analysis run that workers share. */
  analysisPartSize: number;
  /** Run the scheduled sources in this process (the server and workers; the CLI does not). */
  scheduler: boolean;
  /** A JSON file of sources created or updated by name at start. */
  sourcesFile: string | null;
  /** A failed source attempt is retried after this, doubled each time. */
  sourceBackoffMs: number;
  /** The folders (resolved, without symbolic links) that folder sources may read from: SEAM_SOURCE_ROOTS. */
  sourceRoots: string[];
  /** This process runs its analyses in a thread of their own (the server does: never from the environment). */
  analysisInThread: boolean;
  /** This app is such a thread, inside a process that recovers imports and runs at start itself. */
  insideThread: boolean;
  /** Express's `trust proxy` (SEAM_TRUST_PROXY): whose X-Forwarded-For/-Proto to believe, for client addresses and Secure cookies. */
  trustProxy: boolean | number | string;
  /** HTTP sources may fetch loopback and private addresses: SEAM_SOURCE_ALLOW_PRIVATE. */
  sourceAllowPrivate: boolean;
  /** How often each process re-reads the sources (to schedule what another process's API changed). */
  sourceSyncMs: number;
  /** How long a source's lease lasts without a heartbeat (a crashed process's run is taken over after it). */
  sourceLeaseMs: number;
  /** Message text of conversations that ended longer ago than this many days is deleted (null: kept forever). */
  retentionDays: number | null;
  /** When retention runs (cron, the server's time zone). */
  retentionCron: string;
  /** What a platform's log calls a handoff to a person (SEAM_HANDOFF_ACTIONS, SEAM_HANDOFF_INTENTS): docs/log-format.md. */
  handoff: HandoffNames;
  /** What alerts compare (SEAM_ALERT_PERIOD): the last day with the same weekday of 4 weeks, or the last week with the 4 before. */
  alertPeriod: 'day' | 'week';
  /** Webhook channels may post to loopback and private addresses: SEAM_ALERT_ALLOW_PRIVATE. */
  alertAllowPrivate: boolean;
  /** A failed send is retried after this, doubled each time, 5 attempts in all (SEAM_ALERT_RETRY_SECONDS). */
  alertRetryMs: number;
  /** How often each process with the scheduler sends what is due (retries, digests) and looks for failing sources. */
  alertSweepMs: number;
  /** The dashboard's address as readers of e-mails and webhooks reach it (SEAM_PUBLIC_URL; default http://localhost:PORT). */
  publicUrl: string;
  /** Sample mode (`npm start`): requests without a session are the demo admin's. Never set from the environment. */
  demo: boolean;
}

export const SEAM_CONFIG = Symbol('SEAM_CONFIG');

/** A comma-separated list of names (SEAM_HANDOFF_ACTIONS …), or the defaults when unset. */
function names(value: string | undefined, defaults: readonly string[]): string[] {
  if (value === undefined || value.trim() === '') return [...defaults];
  return value.split(',').map((n) => n.trim()).filter(Boolean);
}

export class ConfigError extends Error {}

function alertPeriod(value: string | undefined): 'day' | 'week' {
  if (value === undefined || value === '') return 'day';
  if (value !== 'day' && value !== 'week') throw new ConfigError(`SEAM_ALERT_PERIOD must be day or week, got "${value}"`);
  return value;
}

function decimal(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** SEAM_TIME_ZONE: an IANA time zone (Europe/Berlin, UTC); unset, the server's own. */
function timeZone(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!isTimeZone(value.trim())) throw new ConfigError(`SEAM_TIME_ZONE: "${value}" is not a time zone (e.g. Europe/Berlin, America/New_York, UTC)`);
  return value.trim();
}

/** `SEAM_REDACT_PATTERNS`: a JSON object of placeholder name → regular expression, e.g. {"ORDER": "order\\s*#?\\d{5,}"}. */
function redactPatterns(raw: string | undefined): { name: string; pattern: RegExp }[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('SEAM_REDACT_PATTERNS must be a JSON object of NAME: "regular expression"');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('SEAM_REDACT_PATTERNS must be a JSON object of NAME: "regular expression"');
  return Object.entries(parsed as Record<string, unknown>).map(([name, source]) => {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,30}$/.test(name) || typeof source !== 'string') throw new ConfigError(`SEAM_REDACT_PATTERNS: "${name}" needs a name of letters, digits or _ and a string pattern`);
    try {
      return { name: name.toUpperCase(), pattern: new RegExp(source, 'gi') };
    } catch (err) {
      throw new ConfigError(`SEAM_REDACT_PATTERNS: "${name}" is not a valid regular expression: ${(err as Error).message}`);
    }
  });
}

/**
 * The configuration from the environment. `sample`: the start command's sample mode, which keeps its SQLite
 * database in its own file (`sample.sqlite`) beside the served one, so that the two never share accounts.
 */
/** SEAM_TRUST_PROXY: unset or `false` (no proxy), `true`, a number of hops, or addresses and subnets (`loopback`, `10.0.0.1, 10.0.0.2`). */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** SEAM_SOURCE_ROOTS: absolute folders separated by the platform's path delimiter (`:`), each resolved. */
function sourceRoots(raw: string | undefined): string[] {
  const roots = (raw ?? '').split(path.delimiter).filter((r) => r.trim() !== '');
  for (const root of roots) if (!path.isAbsolute(root)) throw new ConfigError(`SEAM_SOURCE_ROOTS: "${root}" is not an absolute path`);
  return roots.map((r) => path.resolve(r));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, { sample = false }: { sample?: boolean } = {}): SeamConfig {
  const dataDir = path.resolve(env.SEAM_DATA_DIR || 'data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  }
  const engine = env.SEAM_ENGINE || 'auto';
  if (!['auto', 'lexical', 'transformer'].includes(engine)) throw new ConfigError(`SEAM_ENGINE must be auto, lexical or transformer, got "${engine}"`);
  const config: SeamConfig = {
    modelsDir: path.resolve(env.SEAM_MODELS_DIR || path.join(dataDir, 'models')),
    embeddingModel: env.SEAM_EMBEDDING_MODEL || 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    sentimentModel: env.SEAM_SENTIMENT_MODEL || 'Xenova/distilbert-base-multilingual-cased-sentiments-student',
    engine: engine as SeamConfig['engine'],
    repeatWindowMs: int(env, 'SEAM_REPEAT_WINDOW_DAYS', 7, 1, 365) * 86_400_000,
    journeyWindowMs: int(env, 'SEAM_JOURNEY_WINDOW_DAYS', 30, 1, 365) * 86_400_000,
    timeZone: timeZone(env.SEAM_TIME_ZONE),
    longWaitMs: int(env, 'SEAM_LONG_WAIT_MINUTES', 5, 1, 1440) * 60_000,
    sentimentDrop: Number(env.SEAM_SENTIMENT_DROP || 0.5),
    negativeEnd: Number(env.SEAM_NEGATIVE_END || -0.3),
    humanSimilarity: Number(env.SEAM_HUMAN_SIMILARITY || DEFAULT_METRIC_OPTIONS.humanSimilarity),
    repeatSimilarity: Number(env.SEAM_REPEAT_SIMILARITY || DEFAULT_METRIC_OPTIONS.repeatSimilarity),
    redact: (env.SEAM_REDACT ?? 'true') !== 'false',
    handoff: { actions: names(env.SEAM_HANDOFF_ACTIONS, DEFAULT_HANDOFF.actions), intents: names(env.SEAM_HANDOFF_INTENTS, DEFAULT_HANDOFF.intents) },
    redactPatterns: redactPatterns(env.SEAM_REDACT_PATTERNS),
    analyseAfterImport: (env.SEAM_ANALYSE_AFTER_IMPORT ?? 'true') !== 'false',
    hubEndpoint: (env.SEAM_HUB_ENDPOINT || 'https://huggingface.co').replace(/\/$/, ''),
    port: int(env, 'PORT', 3000, 1, 65535),
    host: env.HOST || '0.0.0.0',
    dbType: databaseUrl ? 'postgres' : 'sqlite',
    databaseUrl,
    sqlitePath: path.resolve(env.SEAM_DB_PATH || path.join(dataDir, sample ? 'sample.sqlite' : 'seam.sqlite')),
    dataDir,
    uploadLimitBytes: int(env, 'SEAM_UPLOAD_LIMIT_MB', 512, 1, 100_000) * 1024 * 1024,
    batchSize: int(env, 'SEAM_BATCH_SIZE', 2000, 1, 100_000),
    maxRecordBytes: int(env, 'SEAM_MAX_RECORD_KB', 512, 1, 1_000_000) * 1024,
    staleImportMs: int(env, 'SEAM_STALE_IMPORT_SECONDS', 120, 1, 86_400) * 1000,
    staleAnalysisMs: int(env, 'SEAM_STALE_ANALYSIS_SECONDS', 900, 1, 86_400) * 1000,
    sessionHours: int(env, 'SEAM_SESSION_HOURS', 12, 1, 24 * 90),
    jobs: (env.SEAM_JOBS || 'local') as SeamConfig['jobs'],
    analysisPartSize: int(env, 'SEAM_ANALYSIS_PART_SIZE', 10_000, 100, 1_000_000),
    scheduler: (env.SEAM_SCHEDULER ?? 'true') !== 'false',
    sourcesFile: env.SEAM_SOURCES_FILE ? path.resolve(env.SEAM_SOURCES_FILE) : null,
    sourceBackoffMs: decimal(env, 'SEAM_SOURCE_BACKOFF_SECONDS', 60, 0, 86_400) * 1000,
    sourceRoots: sourceRoots(env.SEAM_SOURCE_ROOTS),
    analysisInThread: false,
    insideThread: false,
    trustProxy: trustProxy(env.SEAM_TRUST_PROXY),
    sourceAllowPrivate: env.SEAM_SOURCE_ALLOW_PRIVATE === 'true',
    sourceSyncMs: decimal(env, 'SEAM_SOURCE_SYNC_SECONDS', 30, 0.1, 86_400) * 1000,
    sourceLeaseMs: int(env, 'SEAM_SOURCE_LEASE_SECONDS', 120, 1, 86_400) * 1000,
    retentionDays: env.SEAM_RETENTION_DAYS ? int(env, 'SEAM_RETENTION_DAYS', 0, 1, 36_500) : null,
    retentionCron: env.SEAM_RETENTION_CRON || '30 3 * * *',
    alertPeriod: alertPeriod(env.SEAM_ALERT_PERIOD),
    alertAllowPrivate: env.SEAM_ALERT_ALLOW_PRIVATE === 'true',
    alertRetryMs: decimal(env, 'SEAM_ALERT_RETRY_SECONDS', 60, 0, 86_400) * 1000,
    alertSweepMs: decimal(env, 'SEAM_ALERT_SWEEP_SECONDS', 30, 0.1, 86_400) * 1000,
    publicUrl: (env.SEAM_PUBLIC_URL || `http://localhost:${int(env, 'PORT', 3000, 1, 65535)}`).replace(/\/$/, ''),
    demo: sample,
  };
  if (config.jobs !== 'local' && config.jobs !== 'queue') throw new ConfigError(`SEAM_JOBS must be local or queue, got "${config.jobs}"`);
  if (config.jobs === 'queue' && config.dbType !== 'postgres') throw new ConfigError('SEAM_JOBS=queue needs PostgreSQL (DATABASE_URL): the queue is kept there');
  if (config.retentionDays !== null && config.retentionDays * 86_400_000 <= config.repeatWindowMs) {
    // A conversation still inside its repeat window may change (a return makes it not deflected): it needs its text.
    throw new ConfigError(`SEAM_RETENTION_DAYS (${config.retentionDays}) must be longer than the repeat-contact window (SEAM_REPEAT_WINDOW_DAYS)`);
  }
  return config;
}
