import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BotService } from '../modules/bot/bot.service';
import { definitionFiles } from '../modules/bot/definition/bot-definition';
import { Command, commandContext, options, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = options('bot', rest, { name: { type: 'string' }, version: { type: 'string' }, date: { type: 'string' } });
  if (sub === 'import') {
    if (positionals.length !== 1) throw new UsageError('bot', 'bot import takes one file or folder: the bot\'s definition');
    if (!existsSync(positionals[0])) throw new UsageError('bot', `${positionals[0]}: no such file or folder`);
  } else if (sub !== 'list') throw new UsageError('bot', sub ? `unknown bot command "${sub}"` : 'say import or list');
  const app = await commandContext();
  try {
    const bot = app.get(BotService);
    if (sub === 'import') {
      const target = positionals[0];
      const v = await bot.import({ fileName: path.basename(path.resolve(target)), files: definitionFiles(target), bot: values.name, version: values.version, date: values.date });
      console.log(`${v.bot} version ${v.version} (${v.releasedAt}): ${v.intents} intents, ${v.examples} examples, ${v.format}`);
      console.error('run `seam analyse --recluster` (or let the server analyse) to recognise the bot\'s intents in every message');
    } else {
      console.log('id\tbot\tversion\treleased\tintents\texamples\tformat\tfile');
      for (const v of await bot.versions()) console.log([v.id, v.bot, v.version, v.releasedAt, v.intents, v.examples, v.format, v.fileName].join('\t'));
    }
  } finally {
    await app.close();
  }
  return 0;
}

export const botCommand: Command = {
  help: `bot import FILE|FOLDER [--name NAME] [--version V] [--date YYYY-MM-DD] | bot list
      The bot's own definition, a version at a time: Rasa NLU (nlu.yml, JSON, Markdown, a project folder), a Dialogflow
      ES or CX agent export (zip or folder), a CSV intent,example. --date: when the version went live (default today).`,
  run,
};
