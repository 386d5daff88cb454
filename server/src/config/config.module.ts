import { DynamicModule, Global, Module } from '@nestjs/common';
import { SEAM_CONFIG, SeamConfig } from './seam.config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: SeamConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: SEAM_CONFIG, useValue: config }], exports: [SEAM_CONFIG] };
  }
}
