import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { ImportsModule } from '../imports/imports.module';
import { ImportsService } from '../imports/imports.service';
import { ModelsModule } from '../models/models.module';
import { AnalysisController } from './analysis.controller';
import { AnalysisRunsRepository } from './analysis-runs.repository';
import { ConversationAnalysisRepository } from './conversation-analysis.repository';
import { VectorsRepository } from './vectors.repository';
import { AnalysisService } from './analysis.service';
import { IntentsController } from './intents.controller';
import { IntentsRepository } from './intents.repository';
import { MessageDaysRepository } from './message-days.repository';
import { IntentsService } from './intents.service';
import { IntentDiscovery } from './intent-discovery';
import { IntentRecognition } from './intent-recognition';
import { GapsController } from './gaps.controller';
import { GapsService } from './gaps.service';
import { BotRepository } from '../bot/bot.repository';

@Module({
  imports: [ModelsModule, ImportsModule],
  controllers: [IntentsController, AnalysisController, GapsController],
  providers: [AnalysisService, AnalysisRunsRepository, VectorsRepository, IntentsRepository, MessageDaysRepository, ConversationAnalysisRepository, IntentsService, BotRepository, IntentRecognition, IntentDiscovery, GapsService],
  exports: [AnalysisService, BotRepository, MessageDaysRepository],
})
export class AnalysisModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly imports: ImportsService,
    private readonly analysis: AnalysisService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  /** Every completed import is followed by an incremental analysis (SEAM_ANALYSE_AFTER_IMPORT). */
  onModuleInit(): void {
    if (!this.config.analyseAfterImport) return;
    this.imports.onCompleted(() => {
      this.analysis.request().catch(() => undefined);
    });
  }

  /** What an earlier process imported but did not analyse is analysed at start, in the background. */
  onApplicationBootstrap(): void {
    if (this.config.analyseAfterImport) this.analysis.scheduleIfPending();
  }
}
