import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { chmodSync, mkdirSync } from 'node:fs';
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
        // Uploads wait in the data folder, readable by Seam's own user only (they are customers' messages).
        const dest = path.join(config.dataDir, 'uploads');
        mkdirSync(dest, { recursive: true, mode: 0o700 });
        chmodSync(dest, 0o700);
        return { dest, limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 } };
      },
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository],
  exports: [ImportsService],
})
export class ImportsModule {}
