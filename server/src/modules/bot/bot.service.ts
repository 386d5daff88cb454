import { Injectable, Logger } from '@nestjs/common';
import type { BotVersion, BotVersionDetail } from '#contracts';
import { actOfIntentName } from '../../../../analytics/src/intents/acts';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { BotRepository, BotVersionRow } from './bot.repository';
import { DefinitionFile, readDefinition } from './definition/bot-definition';

export interface BotImport {
  /** The uploaded file's or the folder's name (errors name it). */
  fileName: string;
  files: DefinitionFile[];
  bot?: string;
  version?: string;
  /** YYYY-MM-DD or an ISO date-time: when the version went live (default: now). */
  date?: string;
}

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function botVersion(r: BotVersionRow): BotVersion {
  return { id: r.id, bot: r.bot, version: r.version, releasedAt: toDay(r.releasedAt), importedAt: new Date(r.importedAt).toISOString(), fileName: r.fileName, format: r.format, intents: r.intents, examples: r.examples };
}

/** Imports of a bot's definition, each a version of it. */
@Injectable()
export class BotService {
  private readonly logger = new Logger(BotService.name);

  constructor(private readonly repo: BotRepository) {}

  async import(input: BotImport): Promise<BotVersion> {
    const definition = readDefinition(input.fileName, input.files);
    const bot = (input.bot ?? 'bot').trim();
    if (!/^[\w .:@-]{1,200}$/u.test(bot)) throw new SeamException(SeamErrorCode.Invalid, 'name: 1 to 200 letters, digits, spaces or . _ : @ -', { field: 'name' });
    const releasedAt = input.date ? Date.parse(input.date) : Date.now();
    if (!Number.isFinite(releasedAt)) throw new SeamException(SeamErrorCode.Invalid, `date: "${input.date}" is not a date (YYYY-MM-DD)`, { field: 'date' });
    const existing = await this.repo.versions();
    const version = (input.version ?? String(existing.filter((v) => v.bot === bot).length + 1)).trim();
    if (!/^[\w .:@+-]{1,100}$/u.test(version)) throw new SeamException(SeamErrorCode.Invalid, 'version: 1 to 100 letters, digits, spaces or . _ : @ + -', { field: 'version' });
    if (await this.repo.version(bot, version)) throw new SeamException(SeamErrorCode.Exists, `version ${version} of ${bot} is already imported; name another version (--version)`, { field: 'version' });
    const intents = definition.intents.map((i) => ({ name: i.name, act: actOfIntentName(i.name), examples: i.examples }));
    const stored = await this.repo.store(
      { bot, version, releasedAt, importedAt: Date.now(), fileName: input.fileName, format: definition.format, intents: intents.length, examples: intents.reduce((n, i) => n + i.examples.length, 0) },
      intents,
    );
    this.logger.log(`bot ${bot} version ${version}: ${stored.intents} intents, ${stored.examples} examples (${definition.format}) from ${input.fileName}`);
    return botVersion(stored);
  }

  async versions(): Promise<BotVersion[]> {
    return (await this.repo.versions()).map(botVersion);
  }

  async version(id: number): Promise<BotVersionDetail> {
    const row = (await this.repo.versions()).find((v) => v.id === id);
    if (!row) throw new SeamException(SeamErrorCode.NotFound, `no bot version ${id}`);
    return { ...botVersion(row), intentList: await this.repo.versionIntents(id) };
  }
}
