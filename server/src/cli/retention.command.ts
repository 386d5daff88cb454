import { loadConfig } from '../config/seam.config';
import { RetentionService } from '../modules/retention/retention.service';
import { Command, commandContext, options } from './common';

async function run(args: string[]): Promise<number> {
  options('retention', args, {});
  const config = loadConfig();
  if (config.retentionDays === null) {
    console.error('SEAM_RETENTION_DAYS is not set: message text is kept');
    return 2;
  }
  const app = await commandContext(config);
  try {
    const r = await app.get(RetentionService).apply();
    console.log(
      `text older than ${config.retentionDays} days (before ${new Date(r.cutoff).toISOString()}): ${r.conversations} conversations, ${r.messages} messages emptied; ` +
        `${r.rejectedRows} rejected rows and ${r.intentExamples} intent examples deleted`,
    );
  } finally {
    await app.close();
  }
  return 0;
}

export const retentionCommand: Command = {
  help: `retention
      Delete the message text of conversations older than SEAM_RETENTION_DAYS now (the server does it daily);
      their analysis, metrics and flags stay.`,
  run,
};
