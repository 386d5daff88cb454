import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { ImportsModule } from '../imports/imports.module';
import { SourcesController } from './sources.controller';
import { SourcesRepository } from './sources.repository';
import { SourcesScheduler } from './sources.scheduler';
import { SourcesService } from './sources.service';

@Module({
  imports: [ImportsModule, AnalysisModule],
  controllers: [SourcesController],
  providers: [SourcesService, SourcesRepository, SourcesScheduler],
  exports: [SourcesService, SourcesRepository],
})
export class SourcesModule {}
