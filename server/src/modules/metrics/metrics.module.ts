import { BeforeApplicationShutdown, Inject, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AnalysisModule } from '../analysis/analysis.module';
import { AnalysisService } from '../analysis/analysis.service';
import { JourneyFactsRepository } from './journey-facts.repository';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

@Module({
  imports: [AnalysisModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsRepository, JourneyFactsRepository],
  exports: [MetricsService, MetricsRepository],
})
export class MetricsModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MetricsModule.name);
  private catchingUp: Promise<unknown> | null = null;

  constructor(
    private readonly analysis: AnalysisService,
    private readonly metrics: MetricsService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  /** Facts and flags follow every analysis and every merge or split of intents: intents and sentiment feed them. */
  onModuleInit(): void {
    this.analysis.onRunCompleted((run) => this.metrics.recompute(run.reclustered));
    this.analysis.onIntentsEdited(() => this.metrics.recompute());
  }

  /**
   * Facts an earlier process left out of date (killed in the middle of a recompute) are brought up to date at
   * start, in the background, by the processes that analyse on their own (the server, workers); a run starting
   * meanwhile recomputes the same conversations, which changes nothing.
   */
  onApplicationBootstrap(): void {
    if (!this.config.analyseAfterImport || this.config.insideThread) return;
    this.catchingUp = this.metrics
      .recompute()
      .catch((err: Error) => this.logger.error(`metrics at start: ${err.message}`))
      .finally(() => (this.catchingUp = null));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.catchingUp;
  }
}
