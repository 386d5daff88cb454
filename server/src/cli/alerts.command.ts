import { ALERT_METRIC_LABELS } from '#contracts';
import { alertSummary } from '../modules/alerts/alert-text';
import { AlertsRepository } from '../modules/alerts/alerts.repository';
import { AlertsService } from '../modules/alerts/alerts.service';
import { Command, commandContext, options, UsageError } from './common';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

async function run(args: string[]): Promise<number> {
  const { values, positionals } = options('alerts', args, { all: { type: 'boolean' }, limit: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  const [action, name] = positionals;
  if (!['list', 'test', 'digest', 'detect', 'channels'].includes(action ?? '')) throw new UsageError('alerts', 'say list, channels, detect, test CHANNEL or digest');
  const app = await commandContext();
  try {
    const repo = app.get(AlertsRepository);
    const alerts = app.get(AlertsService);
    if (action === 'list') {
      const limit = Number(values.limit ?? 50);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('alerts', '--limit must be a whole number from 1 to 500');
      const rows = await repo.alerts({ unacknowledgedOnly: !values.all, limit });
      if (rows.length === 0) console.log(values.all ? 'no alerts yet' : 'no alert waits for acknowledgement (--all lists every alert)');
      for (const a of rows) console.log(`${day(a.createdAt)}  #${a.id}  ${ALERT_METRIC_LABELS[a.metric]}: ${alertSummary(a)}${a.acknowledgedAt ? `  (acknowledged by ${a.acknowledgedBy})` : ''}`);
      return 0;
    }
    if (action === 'channels') {
      const channels = await repo.channels();
      if (channels.length === 0) console.log('no alert channel: an admin adds them on the Alerts page or with POST /api/alert-channels');
      for (const c of channels) {
        const state = !c.enabled ? 'disabled' : c.consecutiveFailures > 0 ? `FAILING (${c.lastError})` : c.lastSentAt ? `ok, last sent ${day(c.lastSentAt)}` : 'never sent';
        console.log(`${c.name}  ${c.type}  ${c.rules.mode}  ${state}`);
      }
      return 0;
    }
    if (action === 'detect') {
      const found = await alerts.detect();
      console.log(found.length === 0 ? 'nothing new changed' : found.map((a) => `${ALERT_METRIC_LABELS[a.metric]}: ${alertSummary(a)}`).join('\n'));
      return 0;
    }
    if (action === 'test') {
      if (!name) throw new UsageError('alerts', 'test needs the channel: its name or id');
      const channel = (await repo.channelByName(name)) ?? (/^\d+$/.test(name) ? await repo.channel(Number(name)) : null);
      if (!channel) {
        console.error(`no alert channel "${name}" (seam alerts channels lists them)`);
        return 1;
      }
      const d = await alerts.test(channel.id);
      console.log(d.status === 'sent' ? `sent a test message through "${channel.name}"` : `"${channel.name}" failed: ${d.lastError}`);
      return d.status === 'sent' ? 0 : 1;
    }
    const dryRun = values['dry-run'] ?? false;
    const digests = await alerts.digest(Date.now(), { dryRun, force: true });
    if (digests.length === 0) console.log('no enabled channel sends a digest');
    for (const d of digests) {
      console.log(`${d.channel}: ${d.alerts.length === 0 ? 'nothing changed since its last digest' : `${d.alerts.length} change(s)${dryRun ? ' would be sent' : ' sent'}`}`);
      for (const a of d.alerts) console.log(`  ${ALERT_METRIC_LABELS[a.metric]}: ${alertSummary(a)}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

export const alertsCommand: Command = {
  help: `alerts list [--all] [--limit N] | channels | detect | test CHANNEL | digest [--dry-run]
      What changed (docs/metrics.md, "What changed"): list the alerts no one acknowledged (--all: every one);
      the channels and their state; detect looks for changes now (the server does after each analysis); test sends
      a test message through a channel (exit 1 when it fails); digest sends each digest channel what changed since
      its last digest now (--dry-run prints it instead).`,
  run,
};
