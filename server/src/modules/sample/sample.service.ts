import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ConfigError, SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AccessService, DEMO_USER } from '../access/access.service';
import { AnalysisService } from '../analysis/analysis.service';
import { BotService } from '../bot/bot.service';
import { ImportsService } from '../imports/imports.service';
import { SAMPLE_BOT_NAME, SAMPLE_BOT_VERSIONS } from './sample.bot';
import { writeSample } from './sample.generator';
import { alertPeriods } from '../../../../analytics/src/alerts/periods';

export const SAMPLE_SOURCE = 'sample';
export const SAMPLE_CONVERSATIONS = 3000;

/** The demo data set of the start command: generated and imported once, on an empty database. */
@Injectable()
export class SampleService {
  private readonly logger = new Logger(SampleService.name);

  constructor(
    private readonly imports: ImportsService,
    private readonly analysis: AnalysisService,
    private readonly access: AccessService,
    private readonly bot: BotService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  /**
   * Sample mode and real use never share a database: in sample mode every visitor is the demo admin, so the
   * accounts and tokens made there are anyone's, and real data served there is open to anyone. The demo admin's
   * account marks a sample database. Sample mode takes a database that has it or is empty; serving refuses one
   * that has it. (By default they do not meet: sample mode keeps its own SQLite file.)
   */
  async checkMode(): Promise<void> {
    const where = this.config.dbType === 'postgres' ? 'the PostgreSQL database of DATABASE_URL' : this.config.sqlitePath;
    const users = await this.access.users();
    const sampleDatabase = users.some((u) => u.username === DEMO_USER);
    if (this.config.demo) {
      if (sampleDatabase) return;
      if (users.length > 0 || (await this.imports.hasAnyRun())) {
        throw new ConfigError(
          `${where} holds data or accounts of a served Seam: sample mode (npm start) signs every visitor in as an admin and must not open it. ` +
            'Start the sample on another database (unset SEAM_DB_PATH and DATABASE_URL: it keeps its own sample.sqlite), or serve this one with npm run serve.',
        );
      }
      await this.access.demoPrincipal();
      return;
    }
    if (sampleDatabase) {
      throw new ConfigError(
        `${where} was used in sample mode (npm start), where every visitor is an admin: its accounts and API tokens are anyone's and must not be served. ` +
          'Serve another database (SEAM_DATA_DIR, SEAM_DB_PATH or DATABASE_URL) and import your logs there; npm start keeps its own sample.sqlite.',
      );
    }
  }

  /** Imports the sample on first start, then analyses whatever is not analysed yet, before the server listens. */
  async ensureSample(): Promise<void> {
    if (!(await this.imports.hasCompletedRun(SAMPLE_SOURCE))) await this.importSample();
    const run = await this.analysis.schedule();
    this.logger.log(`analysed with ${run.embeddingEngine} vectors (${run.embeddingModel}) and ${run.sentimentEngine} sentiment: ${run.intents} intents`);
  }

  private async importSample(): Promise<void> {
    await mkdir(this.config.dataDir, { recursive: true });
    const file = path.join(this.config.dataDir, 'sample-conversations.jsonl');
    const end = Date.now();
    // Yesterday, in the team's time zone, brings a courier's outage for the "What changed" panel to find.
    const incident = alertPeriods(end, 'day', this.config.timeZone).current;
    const messages = await writeSample(file, { seed: 7, conversations: SAMPLE_CONVERSATIONS, end, days: 42, incident });
    this.logger.log(`generated ${messages} sample messages in ${file}; importing`);
    const [run] = await this.imports.importPath(file, { source: SAMPLE_SOURCE, format: 'jsonl', analyse: false });
    this.logger.log(`sample imported: ${run.messagesInserted} messages in ${run.conversationsTouched} conversations`);
    // The sample bot's own definition, version by version: its intents are recognised, the rest are the gaps.
    for (const v of SAMPLE_BOT_VERSIONS) {
      const date = new Date(end - v.daysAgo * 86_400_000).toISOString().slice(0, 10);
      await this.bot.import({ fileName: 'nlu.yml', files: [{ path: 'nlu.yml', text: v.nlu }], bot: SAMPLE_BOT_NAME, version: v.version, date });
    }
  }
}
