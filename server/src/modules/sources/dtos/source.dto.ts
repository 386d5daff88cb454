import { CronTime } from 'cron';
import { isAbsolute } from 'node:path';
import { Input, invalid, only, text } from '../../../common/dtos/fields';
import { SeamErrorCode, SeamException } from '../../../common/seam.exception';
import { FORMATS } from '../../imports/formats/format.types';
import { SOURCE_PRESETS } from '../presets';
import { SOURCE_KINDS, SourceKind } from '../source.types';
import { NewSource, SourceRow } from '../sources.repository';
import type { Source } from '#contracts';

/** The platforms whose webhooks Seam receives (modules/hooks). */
export const WEBHOOK_FORMATS = ['chatwoot'];

function kindConfig(kind: SourceKind, raw: unknown, where: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) invalid(where, 'config', 'must be an object');
  const c = raw as Input;
  const p = 'config.';
  switch (kind) {
    case 'folder': {
      only(c, where, ['path', 'pattern', 'settleSeconds'], p);
      const folder = text(c, where, 'path', { max: 1000, required: true, prefix: p })!;
      if (!isAbsolute(folder)) invalid(where, 'config.path', 'must be an absolute path');
      const pattern = text(c, where, 'pattern', { max: 300, prefix: p });
      if (pattern !== undefined) {
        try {
          new RegExp(pattern);
        } catch {
          invalid(where, 'config.pattern', 'is not a regular expression');
        }
      }
      const settle = c.settleSeconds;
      if (settle !== undefined && (typeof settle !== 'number' || !Number.isInteger(settle) || settle < 0 || settle > 86_400)) {
        invalid(where, 'config.settleSeconds', 'must be a whole number of seconds from 0 to 86400');
      }
      return { path: folder, ...(pattern !== undefined && { pattern }), ...(settle !== undefined && { settleSeconds: settle }) };
    }
    case 'http': {
      only(c, where, ['url', 'headers', 'timeoutSeconds'], p);
      const url = text(c, where, 'url', { max: 2000, required: true, prefix: p })!;
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        invalid(where, 'config.url', 'is not a URL');
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') invalid(where, 'config.url', 'must be http:// or https://');
      const headers = c.headers;
      if (headers !== undefined && (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Object.values(headers).some((h) => typeof h !== 'string'))) {
        invalid(where, 'config.headers', 'must be an object of header names to strings');
      }
      const timeout = c.timeoutSeconds;
      if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 3600)) {
        invalid(where, 'config.timeoutSeconds', 'must be a whole number of seconds from 1 to 3600');
      }
      return { url, ...(headers !== undefined && { headers }), ...(timeout !== undefined && { timeoutSeconds: timeout }) };
    }
    case 'postgres': {
      only(c, where, ['url', 'query', 'cursor', 'preset', 'webhookSecret'], p);
      const url = text(c, where, 'url', { max: 2000, required: true, prefix: p })!;
      if (!/^postgres(ql)?:\/\//.test(url)) invalid(where, 'config.url', 'must be a postgres:// connection URL');
      const secret = webhookSecret(c, where, false);
      return { url, ...queryConfig(kind, c, where), ...(secret !== undefined && { webhookSecret: secret }) };
    }
    case 'sqlite': {
      only(c, where, ['path', 'query', 'cursor', 'preset'], p);
      const file = text(c, where, 'path', { max: 1000, required: true, prefix: p })!;
      if (!isAbsolute(file)) invalid(where, 'config.path', 'must be an absolute path');
      return { path: file, ...queryConfig(kind, c, where) };
    }
    case 'webhook': {
      only(c, where, ['webhookSecret'], p);
      return { webhookSecret: webhookSecret(c, where, true) };
    }
  }
}

/**
 * A database source's query and cursor, or the name of a platform preset (sources/presets.ts), whose query and cursor
 * are read when the source runs (so a preset source follows the preset as Seam improves it).
 */
function queryConfig(kind: SourceKind, c: Input, where: string): { query: string; cursor: string } | { preset: string } {
  const p = 'config.';
  const presetName = text(c, where, 'preset', { max: 50, prefix: p });
  if (presetName !== undefined) {
    const preset = SOURCE_PRESETS[presetName];
    if (!preset) invalid(where, 'config.preset', `must be one of ${Object.keys(SOURCE_PRESETS).join(', ')}`);
    if (!preset.kinds.includes(kind)) invalid(where, 'config.preset', `${presetName} keeps its data in ${preset.kinds.join(' or ')}, not ${kind}`);
    if (c.query !== undefined || c.cursor !== undefined) invalid(where, c.query !== undefined ? 'config.query' : 'config.cursor', 'comes from the preset; leave it out');
    return { preset: presetName };
  }
  const query = text(c, where, 'query', { max: 20_000, required: true, prefix: p })!;
  if (!/^\s*(select|with)\b/i.test(query)) invalid(where, 'config.query', 'must be a SELECT (or WITH … SELECT) query');
  const cursor = text(c, where, 'cursor', { max: 63, required: true, prefix: p })!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cursor)) invalid(where, 'config.cursor', 'must be a column name of the query');
  return { query, cursor };
}

/** The secret a platform's webhooks send in their URL (`?token=`): long enough not to be guessed. */
function webhookSecret(c: Input, where: string, required: boolean): string | undefined {
  const secret = text(c, where, 'webhookSecret', { max: 200, required, prefix: 'config.' });
  if (secret !== undefined && (secret.length < 24 || !/^[A-Za-z0-9_-]+$/.test(secret))) {
    invalid(where, 'config.webhookSecret', 'must be at least 24 letters, digits, _ or - (e.g. `openssl rand -hex 16`)');
  }
  return secret;
}

/** A source as sent to the API or written in SEAM_SOURCES_FILE, checked field by field (errors name the field). */
export function toNewSource(raw: unknown, where: string): NewSource {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) invalid(where, 'source', 'must be an object');
  const input = raw as Input;
  only(input, where, ['name', 'kind', 'config', 'cron', 'enabled', 'format', 'retries']);
  const name = text(input, where, 'name', { max: 200, required: true })!.trim();
  const kind = input.kind as SourceKind;
  if (!SOURCE_KINDS.includes(kind)) invalid(where, 'kind', `must be one of ${SOURCE_KINDS.join(', ')}`);
  const cron = text(input, where, 'cron', { max: 100, required: true })!.trim();
  try {
    new CronTime(cron);
  } catch (err) {
    invalid(where, 'cron', `is not a cron expression (${err instanceof Error ? err.message : err}); e.g. "0 2 * * *" for 02:00 every night`);
  }
  const enabled = input.enabled ?? true;
  if (typeof enabled !== 'boolean') invalid(where, 'enabled', 'must be true or false');
  const config = kindConfig(kind, input.config, where);
  const preset = typeof config.preset === 'string' ? SOURCE_PRESETS[config.preset] : undefined;
  const format = input.format ?? preset?.format ?? null;
  if (format !== null && !(FORMATS as readonly unknown[]).includes(format)) invalid(where, 'format', `must be one of ${FORMATS.join(', ')}`);
  if (preset && format !== preset.format) invalid(where, 'format', `the ${String(config.preset)} preset's rows are read as ${preset.format}`);
  if (config.webhookSecret !== undefined && !WEBHOOK_FORMATS.includes(format as string)) invalid(where, 'format', `webhooks are received for ${WEBHOOK_FORMATS.join(', ')}`);
  const retries = input.retries ?? 2;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10) invalid(where, 'retries', 'must be a whole number from 0 to 10');
  return { name, kind, config, cron, enabled, format: format as string | null, retries };
}

export function parseSourceFile(file: string, content: string): NewSource[] {
  let list: unknown;
  try {
    list = JSON.parse(content);
  } catch (err) {
    throw new SeamException(SeamErrorCode.Invalid, `${file}: not JSON (${err instanceof Error ? err.message : err})`);
  }
  if (!Array.isArray(list)) throw new SeamException(SeamErrorCode.Invalid, `${file}: must hold a JSON array of sources`);
  return list.map((s, i) => toNewSource(s, `${file} source ${i + 1}`));
}

/** `scheme://user:password@host…`: the password is everything up to the last `@` (raw passwords hold `#`, `/`, `:`). */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)(.*)@/i;
const PASSWORD_PARAM = /([?&]password=)([^&\s]*)/gi;

/** Every secret of a source's configuration, as given and URL-decoded: a URL's password and parameters, header values. */
function secretsOf(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof config.url === 'string') {
    const password = USERINFO.exec(config.url)?.[2];
    if (password) out.push(password);
    for (const m of config.url.matchAll(PASSWORD_PARAM)) if (m[2]) out.push(m[2]);
  }
  if (typeof config.webhookSecret === 'string') out.push(config.webhookSecret);
  if (config.headers && typeof config.headers === 'object') out.push(...Object.values(config.headers as Record<string, unknown>).map(String));
  const decoded = out.flatMap((s) => {
    try {
      return [decodeURIComponent(s)];
    } catch {
      return [];
    }
  });
  return [...new Set([...out, ...decoded])].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** Text that may quote a source's configuration (an error naming its URL) with every secret of it masked. */
export function maskSecrets(text: string | null, config: Record<string, unknown>): string | null {
  if (text === null) return null;
  let out = text;
  for (const secret of secretsOf(config)) out = out.split(secret).join('***');
  return out.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@').replace(PASSWORD_PARAM, '$1***');
}

/** Secrets stay on the server: a URL's password and header values are masked. */
function masked(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  if (typeof out.url === 'string') out.url = out.url.replace(USERINFO, '$1***@').replace(PASSWORD_PARAM, '$1***');
  if (out.headers && typeof out.headers === 'object') out.headers = Object.fromEntries(Object.keys(out.headers).map((k) => [k, '***']));
  if (typeof out.webhookSecret === 'string') out.webhookSecret = '***';
  return out;
}

export function mapSource(s: SourceRow, nextRunAt: number | null, now = Date.now()): Source {
  const running = s.leaseUntil !== null && s.leaseUntil > now;
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    cron: s.cron,
    enabled: s.enabled,
    format: s.format,
    retries: s.retries,
    config: masked(s.config),
    status: running ? 'running' : s.consecutiveFailures > 0 ? 'failing' : s.lastRunAt === null ? 'never_run' : 'ok',
    consecutiveFailures: s.consecutiveFailures,
    lastRunAt: s.lastRunAt,
    lastSuccessAt: s.lastSuccessAt,
    lastError: maskSecrets(s.lastError, s.config),
    nextRunAt,
    runningOn: running ? s.leaseOwner : null,
  };
}
