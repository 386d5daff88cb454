import Database from 'better-sqlite3';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SeamConfig } from '../server/src/config/seam.config';
import { openDataSource } from '../server/src/database/data-source';
import { migrate } from '../server/src/database/migrate';

/** Rows per transaction (SQLite) or per COPY (PostgreSQL). */
const BATCH = 10_000;
const COLUMNS = ['id', 'conversation_id', 'external_id', 'sent_at', 'seq', 'role', 'text', 'customer_id', 'channel', 'import_run_id'];

type Row = (string | number | null)[];

/** One JSONL line as a `messages` row, and nothing more: no conversations, customers, duplicates or redaction. */
function rowOf(line: string, n: number): Row {
  const r = JSON.parse(line) as Record<string, unknown>;
  const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
  return [n.toString(16).padStart(12, '0'), String(r.conversation_id).slice(0, 32), str(r.message_id), Date.parse(String(r.timestamp)), n, String(r.role), String(r.text ?? ''), str(r.customer_id), str(r.channel), 1];
}

async function* batches(file: string): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    batch.push(rowOf(line, ++n));
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A value in COPY's text format. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  return typeof v === 'number' ? String(v) : v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/**
 * The plain loader Seam's import is measured against (issue 20): the same JSONL file into the same `messages` table
 * and indexes (Seam's migrations applied to the empty database `config` names), on the same libraries, doing only
 * what any loader must: read, parse, insert. SQLite: better-sqlite3, one prepared INSERT, 10,000-row transactions,
 * WAL. PostgreSQL: COPY, 10,000 rows each. Timed from the first line read to the last row committed.
 */
export async function plainLoad(file: string, config: SeamConfig): Promise<{ seconds: number; inserted: number }> {
  const ds = await openDataSource(config, 2);
  await migrate(ds, config);
  await ds.destroy();
  let inserted = 0;
  const started = process.hrtime.bigint();
  if (config.dbType === 'postgres') {
    const client = new Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      for await (const batch of batches(file)) {
        const body = batch.map((r) => r.map(copyField).join('\t')).join('\n') + '\n';
        await pipeline(Readable.from([body]), client.query(copyFrom(`COPY messages (${COLUMNS.join(',')}) FROM STDIN`)));
        inserted += batch.length;
      }
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(config.sqlitePath);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const insert = db.prepare(`INSERT INTO messages (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`);
      const write = db.transaction((rows: Row[]) => {
        for (const r of rows) insert.run(...r);
      });
      for await (const batch of batches(file)) {
        write(batch);
        inserted += batch.length;
      }
    } finally {
      db.close();
    }
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, inserted };
}
