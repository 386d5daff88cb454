import { DEFAULT_RULES } from '../../../../../analytics/src/alerts/rules';
import { Input, invalid, only, text } from '../../../common/dtos/fields';
import { ALERT_CHANNEL_TYPES, ALERT_METRICS } from '#contracts';
import type { AlertChannel, AlertChannelType, AlertRules } from '#contracts';
import type { ChannelRow } from '../alerts.repository';

/** What the API answers in place of a secret; sent back unchanged, it keeps the stored one. */
export const MASK = '••••';
const WHERE = 'alert channel';

function object(v: unknown, field: string): Input {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(WHERE, field, 'must be an object');
  return v as Input;
}

/** A non-empty string field (trimmed), or undefined when absent and not required. */
function trimmed(input: Input, field: string, prefix: string, required: boolean, max = 500): string | undefined {
  return text(input, WHERE, field, { max, required, prefix })?.trim();
}

function whole(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) invalid(WHERE, field, `must be a whole number from ${min} to ${max}`);
  return v;
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** A channel's settings, checked; `stored` (on PATCH) supplies secrets sent back masked. */
function channelConfig(type: AlertChannelType, raw: unknown, stored: Input | null): Input {
  const c = object(raw, 'config');
  const p = 'config.';
  const keep = (field: string) => (stored && (c[field] === MASK || (field === 'url' && typeof stored.url === 'string' && c.url === maskUrl(stored.url))) ? stored[field] : c[field]);
  if (type === 'webhook') {
    only(c, WHERE, ['url', 'format', 'secret'], p);
    const url = trimmed({ ...c, url: keep('url') }, 'url', p, true, 2000)!;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return invalid(WHERE, 'config.url', 'is not a URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') invalid(WHERE, 'config.url', 'must be http or https');
    if (parsed.username || parsed.password) invalid(WHERE, 'config.url', 'must not hold a user or password (use config.secret)');
    const format = c.format ?? 'json';
    if (format !== 'slack' && format !== 'teams' && format !== 'json') invalid(WHERE, 'config.format', 'must be slack, teams or json');
    const secret = trimmed({ ...c, secret: keep('secret') }, 'secret', p, false);
    return { url, format, ...(secret !== undefined && { secret }) };
  }
  only(c, WHERE, ['host', 'port', 'tls', 'user', 'password', 'from', 'to'], p);
  const host = trimmed(c, 'host', p, true, 255)!;
  const port = whole(c.port ?? 587, 'config.port', 1, 65_535);
  const tls = c.tls ?? 'starttls';
  if (tls !== 'implicit' && tls !== 'starttls' && tls !== 'none') invalid(WHERE, 'config.tls', 'must be implicit, starttls or none');
  const user = trimmed(c, 'user', p, false, 255);
  const password = trimmed({ ...c, password: keep('password') }, 'password', p, false, 500);
  if (password !== undefined && user === undefined) invalid(WHERE, 'config.password', 'needs config.user');
  const from = trimmed(c, 'from', p, true, 320)!;
  if (!EMAIL.test(from)) invalid(WHERE, 'config.from', 'is not an e-mail address');
  if (!Array.isArray(c.to) || c.to.length === 0 || c.to.length > 50) invalid(WHERE, 'config.to', 'must be a list of 1 to 50 e-mail addresses');
  const to = (c.to as unknown[]).map((a, i) => (typeof a === 'string' && EMAIL.test(a.trim()) ? a.trim() : invalid(WHERE, `config.to[${i}]`, 'is not an e-mail address')));
  return { host, port, tls, ...(user !== undefined && { user }), ...(password !== undefined && { password }), from, to };
}

function channelRules(raw: unknown, base: AlertRules): AlertRules {
  if (raw === undefined) return base;
  const r = object(raw, 'rules');
  only(r, WHERE, ['metrics', 'minConversations', 'mode', 'digestHour', 'quietStart', 'quietEnd'], 'rules.');
  const out = { ...base };
  if (r.metrics !== undefined) {
    if (!Array.isArray(r.metrics)) invalid(WHERE, 'rules.metrics', 'must be a list');
    out.metrics = (r.metrics as unknown[]).map((m, i) => ((ALERT_METRICS as readonly unknown[]).includes(m) ? (m as AlertRules['metrics'][number]) : invalid(WHERE, `rules.metrics[${i}]`, `must be one of ${ALERT_METRICS.join(', ')}`)));
  }
  if (r.minConversations !== undefined) out.minConversations = whole(r.minConversations, 'rules.minConversations', 0, 1_000_000);
  if (r.mode !== undefined) {
    if (r.mode !== 'immediate' && r.mode !== 'digest') invalid(WHERE, 'rules.mode', 'must be immediate or digest');
    out.mode = r.mode;
  }
  if (r.digestHour !== undefined) out.digestHour = whole(r.digestHour, 'rules.digestHour', 0, 23);
  for (const f of ['quietStart', 'quietEnd'] as const) if (r[f] !== undefined) out[f] = r[f] === null ? null : whole(r[f], `rules.${f}`, 0, 23);
  if ((out.quietStart === null) !== (out.quietEnd === null)) invalid(WHERE, 'rules.quietEnd', 'quiet hours need both quietStart and quietEnd');
  return out;
}

/** POST: a new channel from the request, checked. */
export function newChannel(body: unknown): Pick<ChannelRow, 'name' | 'type' | 'config' | 'rules' | 'enabled'> {
  const b = object(body, 'body');
  only(b, WHERE, ['name', 'type', 'enabled', 'config', 'rules'], '');
  const name = trimmed(b, 'name', '', true, 200)!;
  if (!(ALERT_CHANNEL_TYPES as readonly unknown[]).includes(b.type)) invalid(WHERE, 'type', `must be one of ${ALERT_CHANNEL_TYPES.join(', ')}`);
  const type = b.type as AlertChannelType;
  if (b.enabled !== undefined && typeof b.enabled !== 'boolean') invalid(WHERE, 'enabled', 'must be true or false');
  return { name, type, enabled: b.enabled !== false, config: channelConfig(type, b.config, null), rules: channelRules(b.rules, DEFAULT_RULES) };
}

/** PATCH: the stored channel with the request's fields changed (the type never changes). */
export function changedChannel(stored: ChannelRow, body: unknown): Pick<ChannelRow, 'name' | 'config' | 'rules' | 'enabled'> {
  const b = object(body, 'body');
  only(b, WHERE, ['name', 'enabled', 'config', 'rules'], '');
  if (b.enabled !== undefined && typeof b.enabled !== 'boolean') invalid(WHERE, 'enabled', 'must be true or false');
  return {
    name: b.name === undefined ? stored.name : trimmed(b, 'name', '', true, 200)!,
    enabled: b.enabled === undefined ? stored.enabled : (b.enabled as boolean),
    config: b.config === undefined ? stored.config : channelConfig(stored.type, b.config, stored.config),
    rules: channelRules(b.rules, stored.rules),
  };
}

/** A webhook's URL shows its origin only: Slack's and Teams' URLs are themselves the secret. */
function maskUrl(url: string): string {
  return `${new URL(url).origin}/${MASK}`;
}

function masked(c: ChannelRow): Record<string, unknown> {
  const config = { ...c.config };
  if (typeof config.url === 'string') config.url = maskUrl(config.url);
  for (const f of ['secret', 'password']) if (config[f] !== undefined) config[f] = MASK;
  return config;
}

export function channelAnswer(c: ChannelRow): AlertChannel {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    enabled: c.enabled,
    config: masked(c),
    rules: c.rules,
    status: c.consecutiveFailures > 0 ? 'failing' : c.lastSentAt === null ? 'never_sent' : 'ok',
    consecutiveFailures: c.consecutiveFailures,
    lastError: c.lastError,
    lastSentAt: c.lastSentAt,
  };
}
