import { Body, Controller, Get, Param, ParseIntPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiCreatedResponse } from '@nestjs/swagger';
import { ApiUpload } from '../../common/api-upload';
import { memoryStorage } from 'multer';
import { BotVersion, BotVersionDetail, BotVersionList } from '#contracts';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { AnalysisService } from '../analysis/analysis.service';
import { CurrentUser } from '../access/access.guard';
import { AccessService } from '../access/access.service';
import { Allow, ANALYTICS, ImportScope, Principal } from '../access/roles';
import { BotService } from './bot.service';
import { filesOf } from './definition/bot-definition';
import { BotVersionBody } from './dtos/bot.dto';

/** A definition is training phrases: a few MB at most, even zipped with every language. */
const DEFINITION_LIMIT = 50 * 1024 * 1024;

@Controller('bot/versions')
export class BotController {
  constructor(
    private readonly bot: BotService,
    private readonly analysis: AnalysisService,
    private readonly access: AccessService,
  ) {}

  /** The bot's definitions as imported, newest release first. */
  @Allow(...ANALYTICS)
  @Get()
  async list(): Promise<BotVersionList> {
    return { items: await this.bot.versions() };
  }

  /** One version with its intents and how many examples each has. */
  @Allow(...ANALYTICS)
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<BotVersionDetail> {
    return this.bot.version(id);
  }

  /**
   * Imports a version of the bot's definition (multipart `file`: Rasa NLU YAML/JSON/Markdown, a Dialogflow ES or CX
   * agent export zip, a CSV `intent,example`), then analyses every message again against it, in the background.
   */
  @Allow('admin')
  @ImportScope()
  @Post()
  @UseInterceptors(FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: DEFINITION_LIMIT, files: 1, fields: 10 } }))
  @ApiUpload('The definition: nlu.yml, nlu.json, nlu.md, a Dialogflow agent zip, or a CSV intent,example', {
    name: { description: 'The bot\'s name (default "bot")' },
    version: { description: 'The version\'s name (default: the next number)' },
    date: { description: 'When it went live, YYYY-MM-DD (default: today)' },
  })
  @ApiCreatedResponse({ type: BotVersion })
  async create(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: BotVersionBody, @CurrentUser() p: Principal): Promise<BotVersion> {
    if (!file) throw new SeamException(SeamErrorCode.NoFile, 'send the definition as multipart field "file"');
    const version = await this.bot.import({ fileName: file.originalname, files: filesOf(file.originalname, file.buffer), bot: body.name, version: body.version, date: body.date });
    await this.access.audit(p, 'bot.import', `bot:${version.bot}`, { version: version.version, intents: version.intents, examples: version.examples });
    this.analysis.request({ recluster: true }).catch(() => undefined);
    return version;
  }
}
