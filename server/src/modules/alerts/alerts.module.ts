import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AnalysisModule } from '../analysis/analysis.module';
import { AnalysisService } from '../analysis/analysis.service';
import { MetricsModule } from '../metrics/metrics.module';
import { SourcesModule } from '../sources/sources.module';
import { AlertChannelsController, AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

const SWEEP = 'alerts:sweep';

/**
 * Alerts follow every completed analysis, after the metrics recompute (MetricsModule registers its hook first: it is
 * imported here); processes with the scheduler on send what is due between analyses.
 */
@Module({
  imports: [AnalysisModule, MetricsModule, SourcesModule],
  controllers: [AlertsController, AlertChannelsController],
  providers: [AlertsService, AlertsRepository],
  exports: [AlertsService, AlertsRepository],
})
export class AlertsModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(AlertsModule.name);

  constructor(
    private readonly analysis: AnalysisService,
    private readonly alerts: AlertsService,
    private readonly registry: SchedulerRegistry,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  onModuleInit(): void {
    this.analysis.onRunCompleted(() => this.alerts.detect().catch((err: Error) => this.logger.error(`alerts: ${err.message}`)));
  }

  onApplicationBootstrap(): void {
    if (!this.config.scheduler || this.config.insideThread) return;
    const timer = setInterval(() => {
      this.alerts.sweep().catch((err: Error) => this.logger.warn(`alerts not swept: ${err.message}`));
    }, this.config.alertSweepMs);
    timer.unref();
    this.registry.addInterval(SWEEP, timer);
  }
}
