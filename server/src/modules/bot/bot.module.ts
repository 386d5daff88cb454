import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { BotController } from './bot.controller';
import { BotService } from './bot.service';

/** The bot's own definition (its intents and training examples), version by version; BotRepository is provided by the analysis, which reads it. */
@Module({
  imports: [AnalysisModule],
  controllers: [BotController],
  providers: [BotService],
  exports: [BotService],
})
export class BotModule {}
