import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { MIGRATIONS } from '../../../migrations';
import type { SeamConfig } from '../config/seam.config';

/** A backup archive: the engine it comes from and the schema version (its last migration) it holds. */
export interface BackupInfo {
  engine: 'sqlite' | 'postgres';
  /** The migrations the archived database had run, oldest first. */
  migrations: string[];
  bytes: number;
}

/** A failure the CLI reports as it is (no stack): a missing tool, a refused restore. */
export class BackupError extends Error {}

/** The migrations this Seam knows: a database at the last of them is at Seam's schema version. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].name;

const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_DUMP_MAGIC = 'PGDMP';

/** The folder of pg_dump and pg_restore: SEAM_PG_BIN (e.g. /usr/lib/postgresql/16/bin), else the PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  return process.env.SEAM_PG_BIN ? path.join(process.env.SEAM_PG_BIN, name) : name;
}

/** Runs a PostgreSQL client tool; its standard output when asked. A missing tool is said with what to install. */
function runTool(name: 'pg_dump' | 'pg_restore', args: string[], { capture = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pgTool(name), args, { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new BackupError(
              `${name} is not installed (or not on the PATH): install PostgreSQL's client tools of the server's major version or newer ` +
                `(Debian/Ubuntu: apt-get install postgresql-client), or name their folder with SEAM_PG_BIN`,
            )
          : e,
      ),
    );
    child.once('exit', (code) => (code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new BackupError(`${name} failed (exit ${code}): ${err.trim()}`))));
  });
}

function magicOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** The names of the migrations a SQLite database has run, oldest first. */
function sqliteMigrations(db: Database.Database): string[] {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migrations'`).get();
  return table ? (db.prepare('SELECT name FROM migrations ORDER BY timestamp').all() as { name: string }[]).map((r) => r.name) : [];
}

/** What an archive holds, read without restoring it. */
export async function inspectBackup(file: string): Promise<BackupInfo> {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  const magic = magicOf(file);
  const bytes = statSync(file).size;
  if (magic === SQLITE_MAGIC) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`${file}: the archive is damaged (SQLite integrity check: ${check})`);
      return { engine: 'sqlite', migrations: sqliteMigrations(db), bytes };
    } finally {
      db.close();
    }
  }
  if (magic.startsWith(PG_DUMP_MAGIC)) {
    // The migrations table's rows, as pg_restore would load them (COPY text: id, timestamp, name).
    const copy = await runTool('pg_restore', ['--data-only', '--table=migrations', '--file=-', file], { capture: true });
    const rows = copy.split('\n');
    const start = rows.findIndex((l) => l.startsWith('COPY ') && l.includes('migrations'));
    const names: { timestamp: number; name: string }[] = [];
    for (let i = start + 1; start >= 0 && i < rows.length && rows[i] !== '\\.'; i++) {
      const [, timestamp, name] = rows[i].split('\t');
      names.push({ timestamp: Number(timestamp), name });
    }
    return { engine: 'postgres', migrations: names.sort((a, b) => a.timestamp - b.timestamp).map((n) => n.name), bytes };
  }
  throw new BackupError(`${file}: not a Seam backup (neither a SQLite database nor a pg_dump archive)`);
}

/**
 * Writes a backup of the configured database to `file`, while Seam runs: SQLite through its online backup API (a
 * consistent copy whatever writes meanwhile), PostgreSQL through pg_dump's custom format (one snapshot; the job
 * queue's `pgboss` schema is left out). The archive is written beside `file` and renamed into place once whole,
 * so a backup that is cut short never leaves an archive that looks complete.
 */
export async function backup(config: SeamConfig, file: string): Promise<BackupInfo> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    if (config.dbType === 'postgres') {
      await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--exclude-schema=pgboss', `--file=${partial}`, `--dbname=${config.databaseUrl}`]);
    } else {
      if (!existsSync(config.sqlitePath)) throw new BackupError(`${config.sqlitePath}: no database to back up (SEAM_DATA_DIR, SEAM_DB_PATH)`);
      const db = new Database(config.sqlitePath, { fileMustExist: true });
      try {
        db.pragma('busy_timeout = 60000');
        await db.backup(partial);
      } finally {
        db.close();
      }
    }
    const info = await inspectBackup(partial);
    renameSync(partial, file);
    return info;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Whether an archive's schema is this Seam's: the same migrations. An older one may be restored and then migrated
 * (`migrate`); a newer one needs the newer Seam that made it.
 */
export function schemaCheck(info: BackupInfo, migrate: boolean): void {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  const last = info.migrations[info.migrations.length - 1] ?? '(none)';
  const unknown = info.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw new BackupError(
      `the backup's schema version is ${last}, newer than this Seam's (${SCHEMA_VERSION}): it has migrations this Seam does not know (${unknown.join(', ')}). ` +
        'Restore it with the Seam version that made it, or a newer one.',
    );
  }
  const missing = MIGRATIONS.map((m) => m.name).filter((m) => !info.migrations.includes(m));
  if (missing.length > 0 && !migrate) {
    throw new BackupError(
      `the backup's schema version is ${last}, older than this Seam's (${SCHEMA_VERSION}: ${missing.length} migration${missing.length === 1 ? '' : 's'} more). ` +
        'Restore it with `seam restore FILE --migrate`, which applies the missing migrations after restoring (as `seam migrate` would), ' +
        'or with the Seam version that made it.',
    );
  }
}

/**
 * Replaces the configured database by an archive's. Seam must be stopped (no server, worker or import on the
 * database). SQLite: the archive is copied beside the database and renamed over it (a restore cut short leaves
 * the old database whole); PostgreSQL: pg_restore in one transaction, dropping what the archive holds first.
 */
export async function restore(config: SeamConfig, file: string, info: BackupInfo): Promise<void> {
  const engine = config.dbType === 'postgres' ? 'postgres' : 'sqlite';
  if (info.engine !== engine) {
    throw new BackupError(
      `${file} is a ${info.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup and this Seam uses ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL (DATABASE_URL)'}: ` +
        'restore it where it came from; to move data between engines, `seam export` there and `seam import` here',
    );
  }
  if (engine === 'postgres') {
    await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${config.databaseUrl}`, file]);
    return;
  }
  const target = config.sqlitePath;
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming);
  } finally {
    source.close();
  }
  if (existsSync(target)) {
    // The old database's last writes leave its write-ahead log first, so no log is left to replay over the new file.
    const old = new Database(target, { fileMustExist: true });
    try {
      old.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      old.close();
    }
  }
  renameSync(incoming, target);
  for (const side of [`${target}-wal`, `${target}-shm`]) rmSync(side, { force: true });
}
