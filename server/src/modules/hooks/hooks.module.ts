import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { SourcesModule } from '../sources/sources.module';
import { HooksController } from './hooks.controller';
import { HooksService } from './hooks.service';

@Module({
  imports: [ImportsModule, SourcesModule],
  controllers: [HooksController],
  providers: [HooksService],
  exports: [HooksService],
})
export class HooksModule {}
