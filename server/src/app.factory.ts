import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { SeamExceptionFilter } from './common/seam-exception.filter';
import { SeamConfig } from './config/seam.config';

/** The HTTP app as served and as tested: `/api` prefix, strict DTO validation, one exception filter. */
export async function createApp(config: SeamConfig, logger: false | ('log' | 'error' | 'warn')[] = ['log', 'error', 'warn']): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new SeamExceptionFilter());
  app.enableShutdownHooks();
  return app;
}
