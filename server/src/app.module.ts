import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from './config/config.module';
import { SeamConfig } from './config/seam.config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database/data-source';
import { migrate } from './database/migrate';
import { AccessModule } from './modules/access/access.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { AnalysisModule } from './modules/analysis/analysis.module';
import { CacheModule } from './modules/cache/cache.module';
import { BotModule } from './modules/bot/bot.module';
import { DocsModule } from './modules/docs/docs.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { HealthController } from './modules/health/health.controller';
import { BehaviourModule } from './modules/behaviour/behaviour.module';
import { HooksModule } from './modules/hooks/hooks.module';
import { ImportsModule } from './modules/imports/imports.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { SampleModule } from './modules/sample/sample.module';
import { RetentionModule } from './modules/retention/retention.module';
import { SourcesModule } from './modules/sources/sources.module';

@Module({})
export class AppModule {
  /** Migrations run at start, before anything reads the database. */
  static forRoot(config: SeamConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config),
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            await migrate(ds, config);
            return ds;
          },
        }),
        ScheduleModule.forRoot(),
        AccessModule,
        JobsModule,
        CacheModule,
        ImportsModule,
        ConversationsModule,
        SampleModule,
        AnalysisModule,
        MetricsModule,
        SourcesModule,
        HooksModule,
        BehaviourModule,
        RetentionModule,
        BotModule,
        AlertsModule,
        DocsModule,
      ],
      controllers: [HealthController],
    };
  }
}
