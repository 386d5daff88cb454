import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AnalysisService } from '../analysis/analysis.service';
import { ImportsService } from '../imports/imports.service';
import { writeSample } from './sample.generator';

export const SAMPLE_SOURCE = 'sample';
export const SAMPLE_CONVERSATIONS = 3000;

/** The demo data set of the start command: generated and imported once, on an empty database. */
@Injectable()
export class SampleService {
  private readonly logger = new Logger(SampleService.name);

  constructor(
    private readonly imports: ImportsService,
    private readonly analysis: AnalysisService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

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
    const messages = await writeSample(file, { seed: 7, conversations: SAMPLE_CONVERSATIONS, end, days: 42 });
    this.logger.log(`generated ${messages} sample messages in ${file}; importing`);
    const [run] = await this.imports.importPath(file, { source: SAMPLE_SOURCE, format: 'jsonl', analyse: false });
    this.logger.log(`sample imported: ${run.messagesInserted} messages in ${run.conversationsTouched} conversations`);
  }
}
