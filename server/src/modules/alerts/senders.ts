import nodemailer from 'nodemailer';
import { ALERT_METRIC_LABELS } from '#contracts';
import type { Alert } from '#contracts';
import { guardedPost } from '../sources/guarded-get';

/** What one send carries: the alerts (none for a test), and what it is. */
export interface Message {
  kind: 'immediate' | 'digest' | 'test';
  alerts: Alert[];
  /** The dashboard's address, for links. */
  publicUrl: string;
}

export interface WebhookConfig {
  url: string;
  format: 'slack' | 'teams' | 'json';
  secret?: string;
}

export interface EmailConfig {
  host: string;
  port: number;
  /** `implicit`: TLS from the start (port 465); `starttls`: upgrade required; `none`: plain (a relay on loopback only). */
  tls: 'implicit' | 'starttls' | 'none';
  user?: string;
  password?: string;
  from: string;
  to: string[];
}

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

function title(m: Message): string {
  if (m.kind === 'test') return 'Seam: a test of this alert channel';
  const n = m.alerts.length;
  return `Seam: ${n} change${n === 1 ? '' : 's'}${m.kind === 'digest' ? ' since the last digest' : ''}`;
}

function lines(m: Message): { text: string; url: string }[] {
  if (m.kind === 'test') return [{ text: 'Alerts will arrive here. Nothing changed: this is a test.', url: `${m.publicUrl}/` }];
  return m.alerts.map((a) => ({ text: `${ALERT_METRIC_LABELS[a.metric]}: ${a.summary}`, url: `${m.publicUrl}${a.link}` }));
}

/** The webhook's JSON: Slack's `text` (mrkdwn links), a Teams MessageCard, or Seam's own alerts. */
export function webhookBody(format: WebhookConfig['format'], m: Message): unknown {
  const items = lines(m);
  if (format === 'slack') return { text: [`*${title(m)}*`, ...items.map((l) => `• ${l.text} <${l.url}|conversations>`)].join('\n') };
  if (format === 'teams') {
    return {
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: title(m),
      title: title(m),
      text: items.map((l) => `- ${l.text} ([conversations](${l.url}))`).join('\n\n'),
    };
  }
  return { kind: m.kind, title: title(m), alerts: m.alerts.map((a) => ({ ...a, url: `${m.publicUrl}${a.link}` })) };
}

export async function sendWebhook(config: WebhookConfig, m: Message, options: SendOptions): Promise<void> {
  const headers: Record<string, string> = { 'user-agent': 'Seam alerts' };
  if (config.secret) headers.authorization = `Bearer ${config.secret}`;
  const res = await guardedPost(config.url, JSON.stringify(webhookBody(config.format, m)), { headers, timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate, setting: 'SEAM_ALERT_ALLOW_PRIVATE' });
  if (res.status < 200 || res.status >= 300) throw new Error(`the webhook answered ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function sendEmail(config: EmailConfig, m: Message, options: SendOptions): Promise<void> {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.tls === 'implicit',
    requireTLS: config.tls === 'starttls',
    ignoreTLS: config.tls === 'none',
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    const items = lines(m);
    await transport.sendMail({
      from: config.from,
      to: config.to,
      subject: title(m),
      text: items.map((l) => `- ${l.text}\n  ${l.url}`).join('\n'),
      html: `<p><strong>${escapeHtml(title(m))}</strong></p><ul>${items.map((l) => `<li>${escapeHtml(l.text)} — <a href="${escapeHtml(l.url)}">conversations</a></li>`).join('')}</ul>`,
    });
  } finally {
    transport.close();
  }
}
