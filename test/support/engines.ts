import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { loadConfig, SeamConfig } from '../../server/src/config/seam.config';

/** The PostgreSQL server the tests create their databases on (CI and developers: the local one, trust auth). */
export const PG_ADMIN_URL = process.env.SEAM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  config: SeamConfig;
  /** Environment for a child process (CLI) that must use the same database. */
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export type EngineName = 'sqlite' | 'postgres';
export const ENGINES: EngineName[] = ['sqlite', 'postgres'];

/** A fresh, empty database on the given engine: a temporary SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(engine: EngineName, given: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-test-'));
  // Folder sources read below SEAM_SOURCE_ROOTS: the tests' folders are made in the temporary directory; the tests'
  // HTTP exports are served on loopback.
  const overrides = { SEAM_SOURCE_ROOTS: realpathSync(tmpdir()), SEAM_SOURCE_ALLOW_PRIVATE: 'true', ...given };
  if (engine === 'sqlite') {
    const env = { SEAM_DATA_DIR: dir, ...overrides };
    return {
      config: loadConfig(env),
      env,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `seam_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const env = { SEAM_DATA_DIR: dir, DATABASE_URL: url.toString(), ...overrides };
  return {
    config: loadConfig(env),
    env,
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
