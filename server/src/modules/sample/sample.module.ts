import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { SampleService } from './sample.service';

@Module({
  imports: [ImportsModule],
  providers: [SampleService],
  exports: [SampleService],
})
export class SampleModule {}
