import { INestApplication } from '@nestjs/common';
import { lutimesSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { client, Client } from '../support/access';
import { analysedApp } from '../support/app';
import { TestDatabase } from '../support/engines';

/** What a security probe of a running Seam found (issue 14), each kept fixed. */
describe('a security probe', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let admin: Client;
  let ds: DataSource;
  let dir: string;

  beforeAll(async () => {
    ({ db, app } = await analysedApp('sqlite', { seed: 33, conversations: 120, days: 14 }));
    admin = await client(app, 'admin');
    ds = app.get(DataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'seam-security-'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const line = (id: string, text: string) => JSON.stringify({ conversation_id: id, message_id: `${id}-1`, timestamp: '2024-06-30T10:00:00Z', role: 'customer', text });

  it('analyses a 500 KB customer message like any other: its first characters, in bounded time', async () => {
    const long = 'my parcel never arrived and nobody answers ' + 'blah '.repeat(100_000);
    const file = path.join(dir, 'long.jsonl');
    writeFileSync(file, `${line('long-1', long)}\n`);
    const [run] = await app.get(ImportsService).importPath(file);
    expect(run).toMatchObject({ status: 'completed', messagesInserted: 1, rejectedCount: 0 });
    const analysis = await app.get(AnalysisService).schedule();
    expect(analysis.status).toBe('completed');
    const [stored] = await ds.query(`SELECT LENGTH(m.text) AS n, a.sentiment FROM messages m JOIN message_analysis a ON a.message_id = m.id WHERE m.external_id = 'long-1-1'`);
    expect(Number(stored.n)).toBe(long.trim().length);
    expect(stored.sentiment).not.toBeNull();
  });

  it('reads a .jsonl file whose first line is longer than any record as JSON Lines: that line is refused, the rest imported', async () => {
    const file = path.join(dir, 'first-long.jsonl');
    writeFileSync(file, `${line('huge-1', 'x'.repeat(5 * 1024 * 1024))}\n${line('after-1', 'the row after')}\n${line('after-2', 'and another')}\n`);
    const [run] = await app.get(ImportsService).importPath(file);
    expect(run).toMatchObject({ status: 'completed', format: 'jsonl', messagesInserted: 2, rejectedCount: 1 });
    const detail = await admin.get(`/api/imports/${run.id}`);
    expect(detail.body.rejected.rows[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/over the limit of 524288 \(SEAM_MAX_RECORD_KB\)/) });
    expect(detail.body.rejected.rows[0].raw.length).toBeLessThan(100_000);
  });

  it('holds every format to the record limit: a message in a nested JSON file longer than it is a bad row', async () => {
    const file = path.join(dir, 'nested.json');
    const text = 'y'.repeat(600 * 1024);
    writeFileSync(file, JSON.stringify([{ id: 'n-1', messages: [{ timestamp: '2024-06-30T10:00:00Z', role: 'customer', text }, { timestamp: '2024-06-30T10:00:01Z', role: 'bot', text: 'hello' }] }]));
    const [run] = await app.get(ImportsService).importPath(file);
    expect(run).toMatchObject({ status: 'completed', format: 'json', messagesInserted: 1, rejectedCount: 1 });
    const detail = await admin.get(`/api/imports/${run.id}`);
    expect(detail.body.rejected.rows[0]).toMatchObject({ field: 'text', reason: 'text longer than 512 KiB (SEAM_MAX_RECORD_KB)' });
  });

  it('confines folder sources to SEAM_SOURCE_ROOTS, with .. and links resolved, and keeps no line of a file that is not a log', async () => {
    const outside = await admin.post('/api/sources').send({ name: 'etc', kind: 'folder', cron: '0 3 * * *', config: { path: '/etc', pattern: '^(passwd|hostname)$' } });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toMatch(/config\.path: \/etc is outside SEAM_SOURCE_ROOTS/);
    const climbing = await admin.post('/api/sources').send({ name: 'climb', kind: 'folder', cron: '0 3 * * *', config: { path: `${dir}/../../../etc` } });
    expect(climbing.status).toBe(400);
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-drop-'));
    symlinkSync('/etc/passwd', path.join(folder, 'passwd.jsonl'));
    writeFileSync(path.join(folder, 'notes.csv'), 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n');
    writeFileSync(path.join(folder, 'config.jsonl'), '{"secret":"hunter2","api_key":"k-123"}\n{"secret":"again"}\n');
    for (const f of ['passwd.jsonl', 'notes.csv', 'config.jsonl']) lutimesSync(path.join(folder, f), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const source = await admin.post('/api/sources').send({ name: 'drop', kind: 'folder', cron: '0 3 * * *', retries: 0, config: { path: folder } });
    expect(source.status).toBe(201);
    const run = await admin.post(`/api/sources/${source.body.id}/run?wait=true`);
    expect(run.body.attempts[0].note).toMatch(/1 link to files outside SEAM_SOURCE_ROOTS, not read: passwd\.jsonl/);
    expect(run.body.attempts[0].error).toMatch(/config\.jsonl: no row is a conversation message/);
    const manager = await client(app, 'manager');
    const imports = (await manager.get('/api/imports?limit=10')).body.items as { id: number }[];
    for (const i of imports) {
      const body = JSON.stringify((await manager.get(`/api/imports/${i.id}`)).body);
      expect(body).not.toMatch(/hunter2|root:x:0|nologin/);
    }
  });
});
