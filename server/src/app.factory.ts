import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { SeamExceptionFilter } from './common/seam-exception.filter';
import { SeamConfig } from './config/seam.config';
import { ApiDocs } from './modules/docs/api-docs';
import { describeApi } from './openapi/openapi';

/** The HTTP app as served and as tested: `/api` prefix, strict DTO validation, one exception filter. */
export async function createApp(config: SeamConfig, logger: false | ('log' | 'error' | 'warn')[] = ['log', 'error', 'warn']): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger });
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders);
  app.use('/api', apiHeaders, sameOrigin);
  app.setGlobalPrefix('api');
  serveDashboard(app);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new SeamExceptionFilter(config.uploadLimitBytes));
  app.enableShutdownHooks();
  app.get(ApiDocs).publish(await describeApi(app, packageVersion()));
  return app;
}

/**
 * Security headers on every answer (helmet): a Content-Security-Policy the built dashboard satisfies (its scripts,
 * styles, images and requests are its own), no framing, no MIME sniffing, no referrer to other sites.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' },
  strictTransportSecurity: false,
});

/** API answers are personal data and never cached by a browser or proxy. */
function apiHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('cache-control', 'no-store');
  next();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a request that changes something and does not carry an API token (so a browser's
 * cookie, or sample mode's demo admin, would act) must come from a page of this server. Browsers say where a
 * request comes from (Origin, else Referer; Sec-Fetch-Site); one from another origin (another port of the same
 * host included) is refused. Programs that send neither are not browsers and are not at risk. Behind a trusted
 * proxy (SEAM_TRUST_PROXY) the host the browser used is the proxy's X-Forwarded-Host.
 */
function sameOrigin(req: Request, res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method) || /^Bearer\s/i.test(req.headers.authorization ?? '')) return next();
  const from = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  const hosts = new Set([req.headers.host]);
  const forwarded = req.headers['x-forwarded-host'];
  const trusted = req.app.get('trust proxy fn') as ((address: string | undefined, hop: number) => boolean) | undefined;
  if (forwarded && trusted?.(req.socket.remoteAddress, 0)) hosts.add(String(forwarded).split(',')[0].trim());
  const crossSite = req.headers['sec-fetch-site'] !== undefined && req.headers['sec-fetch-site'] !== 'same-origin' && req.headers['sec-fetch-site'] !== 'none';
  const foreign = from !== undefined ? from === 'null' || !hosts.has(safeHost(from)) : crossSite;
  if (!foreign) return next();
  res.status(403).json({ code: 'FORBIDDEN', message: 'a request from another site may not change anything here (send an API token, or use Seam\'s own pages)' });
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** The folder holding package.json, from the compiled (dist/server/src) or the source (server/src) location. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
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
