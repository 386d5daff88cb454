import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { BotModule } from '../bot/bot.module';
import { ImportsModule } from '../imports/imports.module';
import { SampleService } from './sample.service';

@Module({
  imports: [ImportsModule, AnalysisModule, BotModule],
  providers: [SampleService],
  exports: [SampleService],
})
export class SampleModule {}
