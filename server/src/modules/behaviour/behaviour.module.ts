import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { BehaviourController } from './behaviour.controller';
import { BehaviourRepository } from './behaviour.repository';
import { BehaviourService } from './behaviour.service';

@Module({
  imports: [MetricsModule],
  controllers: [BehaviourController],
  providers: [BehaviourService, BehaviourRepository],
})
export class BehaviourModule {}
