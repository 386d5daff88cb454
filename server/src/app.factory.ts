import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { SeamExceptionFilter } from './common/seam-exception.filter';
import { SeamConfig } from './config/seam.config';

/** The HTTP app as served and as tested: `/api` prefix, strict DTO validation, one exception filter. */
export async function createApp(config: SeamConfig, logger: false | ('log' | 'error' | 'warn')[] = ['log', 'error', 'warn']): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger });
  app.setGlobalPrefix('api');
  serveDashboard(app);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new SeamExceptionFilter(config.uploadLimitBytes));
  app.enableShutdownHooks();
  return app;
}

/** The folder holding package.json, from the compiled (dist/server/src) or the source (server/src) location. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The built dashboard (web/dist) at `/`; any path outside /api that is not a file gets index.html (client-side routes). */
function serveDashboard(app: NestExpressApplication): void {
  const dist = path.join(projectRoot(), 'web', 'dist');
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(dist, { index: false, maxAge: '1h' });
  const html = readFileSync(index);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api')) return next();
    res.type('html').setHeader('cache-control', 'no-cache');
    res.send(html);
  });
}
