import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [SEAM_CONFIG],
      useFactory: (config: SeamConfig) => {
        const dest = path.join(tmpdir(), 'seam-uploads');
        mkdirSync(dest, { recursive: true });
        return { dest, limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 } };
      },
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository],
  exports: [ImportsService],
})
export class ImportsModule {}
