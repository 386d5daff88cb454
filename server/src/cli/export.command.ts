import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { AccessService } from '../modules/access/access.service';
import { ConversationsExporter } from '../modules/conversations/conversations.exporter';
import { ExportConversationsQuery } from '../modules/conversations/dtos/conversation.dto';
import { Command, commandContext, options, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const names = ['format', 'out', 'from', 'to', 'channel', 'source', 'intent', 'outcome', 'handoff', 'customer', 'q'] as const;
  const { values, positionals } = options('export', args, Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])));
  if (positionals.length > 0) throw new UsageError('export', `unexpected ${positionals.join(' ')}`);
  const { out, ...filters } = values as Record<string, string | undefined>;
  const query = plainToInstance(ExportConversationsQuery, filters);
  const problems = (await validate(query, { whitelist: true, forbidNonWhitelisted: true })).flatMap((p) => Object.values(p.constraints ?? {}));
  if (!out) problems.push('--out FILE is required');
  if (!out || problems.length > 0) throw new UsageError('export', problems.join('; '));
  const app = await commandContext();
  try {
    const counts = await app.get(ConversationsExporter).export(query, query.format, createWriteStream(out));
    const { format, ...given } = query;
    await app.get(AccessService).audit(null, 'conversations.export', 'conversations', { format, filters: given, out: path.resolve(out), via: 'cli', ...counts });
    console.log(`${counts.conversations} conversations, ${counts.messages} messages → ${out}`);
  } finally {
    await app.close();
  }
  return 0;
}

export const exportCommand: Command = {
  help: `export --format csv|arrow --out FILE [--from D] [--to D] [--channel C] [--source S] [--intent ID]
       [--outcome O] [--handoff true|false] [--customer ID] [--q WORDS]
      Every message of the conversations the filters select, with its analysis, as CSV or an Arrow IPC file
      (recorded in the audit log).`,
  run,
};
