import { Module, OnModuleInit } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { AnalysisService } from '../analysis/analysis.service';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

@Module({
  imports: [AnalysisModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsRepository],
  exports: [MetricsService, MetricsRepository],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly analysis: AnalysisService,
    private readonly metrics: MetricsService,
  ) {}

  /** Facts and flags follow every analysis and every merge or split of intents: intents and sentiment feed them. */
  onModuleInit(): void {
    this.analysis.onRunCompleted((run) => this.metrics.recompute(run.reclustered));
    this.analysis.onIntentsEdited(() => this.metrics.recompute());
  }
}
