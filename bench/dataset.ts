import { INestApplication } from '@nestjs/common';
import * as path from 'node:path';
import { Client } from 'pg';
import { createApp } from '../server/src/app.factory';
import { loadConfig } from '../server/src/config/seam.config';
import { AccessService } from '../server/src/modules/access/access.service';
import { DataVersion } from '../server/src/modules/cache/read-cache';
import { figure } from './figures';

export const PG_ADMIN_URL = process.env.SEAM_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL database for a benchmark, dropped afterwards. */
export async function pgDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The app on a fresh database of the given engine (analysis only when asked; `extra` settings over the defaults), with a way to drop it. */
export async function benchApp(
  engine: 'sqlite' | 'postgres',
  dir: string,
  name: string,
  extra: NodeJS.ProcessEnv = {},
  /** Run analyses in a thread of their own, as the server does (`bench -- load`). */
  { analysisInThread = false } = {},
): Promise<{ app: INestApplication; token: string; env: NodeJS.ProcessEnv; drop: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { SEAM_DATA_DIR: path.join(dir, `${name}-${engine}`), SEAM_ANALYSE_AFTER_IMPORT: 'false', ...extra };
  const pg = engine === 'postgres' ? await pgDatabase(`seam_${name}_${process.pid}`) : null;
  if (pg) env.DATABASE_URL = pg.url;
  const app = await createApp({ ...loadConfig(env), analysisInThread }, ['error']);
  await app.init();
  // A manager's API token: what a dashboard user may read, sent as a bearer token.
  const access = app.get(AccessService);
  await access.createUser('bench', 'a password for measuring only', 'manager');
  const { token } = await access.createTokenFor('bench', 'bench', 'read');
  return {
    app,
    token,
    env,
    drop: async () => {
      await app.close();
      await pg?.drop();
    },
  };
}

/**
 * Each path's p95 over `rounds` requests, each computed afresh (the data version moves before it, so the read cache
 * cannot answer), printed as `<prefix>_<path>_p95`.
 */
export async function endpointLatency(app: INestApplication, token: string, paths: string[], rounds: number, prefix: string): Promise<void> {
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const version = app.get(DataVersion);
  for (const p of paths) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      await version.bump();
      const started = process.hrtime.bigint();
      const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const name = p.replace(/^\/api\//, '').replace(/\?.*/, '').replace(/[/-]/g, '_');
    figure(`${prefix}_${name}_p95`, times[Math.floor(0.95 * (times.length - 1))].toFixed(1), 'ms');
  }
}
