import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import Cursor from 'pg-cursor';
import { guardedGet } from './guarded-get';
import { FetchedItem, FolderConfig, HttpConfig, PostgresConfig, SqliteConfig } from './source.types';

/** Names an export tool leaves while still writing. */
const PARTIAL = /\.(part|partial|tmp|crdownload|download|lock)$/i;
const CURSOR_BATCH = 5000;

/** What a run imports and then records: temporary files are removed by the caller after the import. */
export async function temporaryDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'seam-source-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const inside = (root: string, target: string) => target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The folder as it really is (`..` and symbolic links resolved), when it lies within one of `roots`
 * (SEAM_SOURCE_ROOTS, resolved too), and the test a resolved file of it must pass; otherwise an error saying so.
 * No roots: no folder may be read.
 */
export async function confinedFolder(folder: string, roots: string[]): Promise<{ folder: string; within: (target: string) => boolean }> {
  if (roots.length === 0) throw new Error('folder sources read only below SEAM_SOURCE_ROOTS, which is not set: name the folders exports arrive in');
  const real = await realpath(folder).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${folder}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`);
  });
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => r)));
  const within = (target: string) => realRoots.some((root) => inside(root, target));
  if (!within(real)) throw new Error(`${folder} is outside SEAM_SOURCE_ROOTS (${roots.join(', ')})`);
  return { folder: real, within };
}

/**
 * New or changed files of the folder (by size and modification time), oldest name first; `settling`, the names of
 * files changed less than `settleSeconds` ago, left for a later run (an export tool may still be writing them).
 * The folder and each file must lie within `roots` once links are resolved (a link out of them is left, and named).
 */
export async function folderItems(config: FolderConfig, known: Map<string, string>, roots: string[], now = Date.now()): Promise<{ items: FetchedItem[]; settling: string[]; refused: string[] }> {
  const { folder, within } = await confinedFolder(config.path, roots);
  const names = await readdir(folder).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${config.path}: ${err.code === 'ENOENT' ? 'no such folder' : err.message}`);
  });
  const refused: string[] = [];
  const pattern = config.pattern ? new RegExp(config.pattern) : null;
  const settleMs = (config.settleSeconds ?? 30) * 1000;
  const items: FetchedItem[] = [];
  const settling: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') || PARTIAL.test(name) || (pattern && !pattern.test(name))) continue;
    const file = await realpath(path.join(folder, name)).catch(() => null);
    if (file === null) continue;
    if (!within(file)) {
      refused.push(name);
      continue;
    }
    const info = await stat(file);
    if (!info.isFile() || info.size === 0) continue;
    const fingerprint = `${info.size}:${Math.trunc(info.mtimeMs)}`;
    if (known.get(name) === fingerprint) continue;
    if (now - info.mtimeMs < settleMs) settling.push(name);
    else items.push({ key: name, fingerprint, file, fileName: name, temporary: false });
  }
  return { items, settling, refused };
}

/**
 * The URL's export when it changed since the last import: asked conditionally (ETag, Last-Modified), then
 * compared by SHA-256, so a server without validators does not cause a re-import of the same bytes.
 */
export async function httpItem(config: HttpConfig, known: Map<string, string>, dir: string, maxBytes: number, allowPrivate: boolean): Promise<FetchedItem | null> {
  const previous = known.has(config.url) ? (JSON.parse(known.get(config.url)!) as { etag?: string; lastModified?: string; sha256: string }) : null;
  const headers: Record<string, string> = { ...(config.headers ?? {}) };
  if (previous?.etag) headers['If-None-Match'] = previous.etag;
  if (previous?.lastModified) headers['If-Modified-Since'] = previous.lastModified;
  const res = await guardedGet(config.url, { headers, timeoutMs: (config.timeoutSeconds ?? 300) * 1000, allowPrivate }).catch((err: Error) => {
    throw new Error(`${config.url}: ${err.message}`);
  });
  const status = res.statusCode ?? 0;
  if (status === 304) {
    res.resume();
    return null;
  }
  if (status < 200 || status >= 300) {
    res.resume();
    throw new Error(`${config.url}: HTTP ${status} ${res.statusMessage ?? ''}`.trim());
  }
  const header = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const declared = Number(header('content-length') ?? 0);
  if (declared > maxBytes) throw new Error(`${config.url}: ${declared} bytes is more than the ${maxBytes}-byte limit (SEAM_UPLOAD_LIMIT_MB)`);
  const fileName = path.basename(new URL(config.url).pathname) || 'export';
  const file = path.join(dir, fileName);
  const digest = createHash('sha256');
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new Error(`${config.url}: more than the ${maxBytes}-byte limit (SEAM_UPLOAD_LIMIT_MB)`));
      digest.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(res, count, createWriteStream(file));
  const sha256 = digest.digest('hex');
  if (previous?.sha256 === sha256) return null;
  const fingerprint = JSON.stringify({ etag: header('etag'), lastModified: header('last-modified'), sha256 });
  return { key: config.url, fingerprint, file, fileName, temporary: true };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The query's rows past the last cursor value, in cursor order, written as JSON Lines (read in batches through a
 * server-side cursor, inside a read-only transaction: the query cannot change the platform's database).
 */
export async function postgresItem(config: PostgresConfig, known: Map<string, string>, dir: string): Promise<FetchedItem | null> {
  const last = known.has('cursor') ? (JSON.parse(known.get('cursor')!) as { value: unknown }).value : undefined;
  const client = new Client({ connectionString: config.url, connectionTimeoutMillis: 30_000 });
  await client.connect();
  const file = path.join(dir, 'rows.jsonl');
  const out = createWriteStream(file);
  let rows = 0;
  let lastValue: unknown = last;
  try {
    await client.query('BEGIN READ ONLY');
    const column = `src.${quoteIdent(config.cursor)}`;
    const sql = `SELECT * FROM (${config.query.replace(/;\s*$/, '')}) AS src ${last === undefined ? '' : `WHERE ${column} > $1`} ORDER BY ${column}`;
    const cursor = client.query(new Cursor(sql, last === undefined ? [] : [last]));
    for (;;) {
      const batch = await cursor.read(CURSOR_BATCH);
      if (batch.length === 0) break;
      if (!(config.cursor in batch[0])) throw new Error(`the query has no column "${config.cursor}" (the cursor)`);
      for (const row of batch) {
        if (!out.write(JSON.stringify(row) + '\n')) await once(out, 'drain');
      }
      rows += batch.length;
      lastValue = batch[batch.length - 1][config.cursor];
    }
    await cursor.close();
    await client.query('COMMIT');
  } finally {
    out.end();
    await once(out, 'close');
    await client.end();
  }
  if (rows === 0) return null;
  const value = lastValue instanceof Date ? lastValue.toISOString() : lastValue;
  return { key: 'cursor', fingerprint: JSON.stringify({ value }), file, fileName: 'rows.jsonl', temporary: true };
}

/**
 * A SQLite database's rows past the last cursor value (Rasa's SQL tracker store on SQLite), written as JSON Lines.
 * The file is opened read-only and must lie within `roots` (SEAM_SOURCE_ROOTS), like a folder source's.
 */
export async function sqliteItem(config: SqliteConfig, known: Map<string, string>, dir: string, roots: string[]): Promise<FetchedItem | null> {
  const folder = path.dirname(config.path);
  const { within } = await confinedFolder(folder, roots);
  const real = await realpath(config.path).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`${config.path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!within(real)) throw new Error(`${config.path} is outside SEAM_SOURCE_ROOTS (${roots.join(', ')})`);
  const last = known.has('cursor') ? (JSON.parse(known.get('cursor')!) as { value: unknown }).value : undefined;
  const db = new Database(real, { readonly: true, fileMustExist: true });
  const file = path.join(dir, 'rows.jsonl');
  const out = createWriteStream(file);
  let rows = 0;
  let lastValue: unknown = last;
  try {
    const column = `src.${quoteIdent(config.cursor)}`;
    const sql = `SELECT * FROM (${config.query.replace(/;\s*$/, '')}) AS src ${last === undefined ? '' : `WHERE ${column} > ?`} ORDER BY ${column}`;
    const statement = db.prepare(sql);
    for (const row of statement.iterate(...(last === undefined ? [] : [last])) as IterableIterator<Record<string, unknown>>) {
      if (rows === 0 && !(config.cursor in row)) throw new Error(`the query has no column "${config.cursor}" (the cursor)`);
      // better-sqlite3 reads synchronously: the server's other work gets its turn every batch.
      if (rows % CURSOR_BATCH === CURSOR_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
      if (!out.write(JSON.stringify(row) + '\n')) await once(out, 'drain');
      rows++;
      lastValue = row[config.cursor];
    }
  } finally {
    db.close();
    out.end();
    await once(out, 'close');
  }
  if (rows === 0) return null;
  return { key: 'cursor', fingerprint: JSON.stringify({ value: lastValue }), file, fileName: 'rows.jsonl', temporary: true };
}
