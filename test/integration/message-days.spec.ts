import { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import type { IntentFilter } from '../../server/src/modules/analysis/intents.repository';
import { MessageDaysRepository } from '../../server/src/modules/analysis/message-days.repository';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 6);
const TEXTS = ['where is my refund', 'my parcel is late', 'cancel my order please', 'thanks', 'the app crashes on login'];

/** Six days of conversations on two channels, some at 23:30 UTC so that a day in Berlin spans two UTC days. */
function log(): string {
  const rows: object[] = [];
  for (let d = 0; d < 6; d++) {
    for (let k = 0; k < 5; k++) {
      const id = `c${d}-${k}`;
      const at = T0 + d * DAY + (k === 4 ? 23.5 * HOUR : (8 + k * 3) * HOUR);
      const base = { conversation_id: id, customer_id: `u${k}`, channel: k % 2 === 0 ? 'web' : 'whatsapp' };
      rows.push({ ...base, message_id: `${id}-1`, timestamp: new Date(at).toISOString(), role: 'bot', text: 'Hi, how can I help?' });
      rows.push({ ...base, message_id: `${id}-2`, timestamp: new Date(at + 60_000).toISOString(), role: 'customer', text: TEXTS[(d + k) % TEXTS.length] });
      rows.push({ ...base, message_id: `${id}-3`, timestamp: new Date(at + 120_000).toISOString(), role: 'customer', text: TEXTS[(d * 2 + k) % TEXTS.length] });
    }
  }
  return rows.map((r) => JSON.stringify(r)).join('\n');
}

describe.each(ENGINES)('messages per day on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let days: MessageDaysRepository;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-days-')), 'log.jsonl');
    writeFileSync(file, log());
    await app.get(ImportsService).importPath(file, { source: 's' });
    await app.get(AnalysisService).schedule();
    ds = app.get(DataSource);
    days = app.get(MessageDaysRepository);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** The same counts from every message, as the page read them before the days were kept. */
  async function fromMessages(f: IntentFilter) {
    const where: string[] = ['1 = 1'];
    const params: unknown[] = [];
    for (const [sql, v] of [['a.sent_at >= ?', f.fromMs], ['a.sent_at < ?', f.toMs], ['a.channel = ?', f.channel], ['a.source = ?', f.source]] as const) {
      if (v === undefined) continue;
      where.push(sql.replace('?', `$${params.length + 1}`));
      params.push(v);
    }
    const sql = `SELECT a.intent_id, (a.sent_at / ${DAY}) * ${DAY} AS day, COUNT(*) AS n, SUM(a.sentiment) AS s, COUNT(a.sentiment) AS sc
                 FROM message_analysis a WHERE ${where.join(' AND ')} GROUP BY a.intent_id, (a.sent_at / ${DAY}) * ${DAY} ORDER BY day`;
    const rows: { intent_id: number | null; day: string; n: string; s: number | null; sc: string }[] = await ds.query(engine === 'sqlite' ? sql.replace(/\$\d+/g, '?') : sql, params);
    const withIntent = rows.filter((r) => r.intent_id !== null);
    return {
      days: withIntent.map((r) => ({ intentId: Number(r.intent_id), day: Number(r.day), messages: Number(r.n), sentimentSum: Number(r.s ?? 0), sentimentCount: Number(r.sc) })),
      withoutIntent: rows.filter((r) => r.intent_id === null).reduce((n, r) => n + Number(r.n), 0),
    };
  }

  const sorted = (x: Awaited<ReturnType<MessageDaysRepository['dailyCounts']>>) => ({
    withoutIntent: x.withoutIntent,
    days: [...x.days].sort((a, b) => a.day - b.day || a.intentId - b.intentId).map((d) => ({ ...d, sentimentSum: Number(d.sentimentSum.toFixed(4)) })),
  });

  // Whole UTC days, a day in Berlin (22:00 to 22:00 UTC), a range inside one day, one channel, everything.
  const FILTERS: IntentFilter[] = [
    { fromMs: T0 + DAY, toMs: T0 + 4 * DAY },
    { fromMs: T0 + 2 * DAY - 2 * HOUR, toMs: T0 + 3 * DAY - 2 * HOUR },
    { fromMs: T0 + DAY + 9 * HOUR, toMs: T0 + DAY + 15 * HOUR },
    { fromMs: T0 + DAY - 2 * HOUR, toMs: T0 + 5 * DAY - 2 * HOUR, channel: 'web' },
    { source: 's' },
    {},
  ];

  async function expectSameAsMessages(): Promise<void> {
    for (const f of FILTERS) expect(sorted(await days.dailyCounts(f))).toEqual(sorted(await fromMessages(f)));
  }

  it('are counted after each analysis and answer as the messages do, partial days included', async () => {
    expect(Number((await ds.query('SELECT COUNT(*) AS n FROM message_days_stale'))[0].n)).toBe(0);
    const [{ n }] = await ds.query('SELECT SUM(messages) AS n FROM message_days');
    expect(Number(n)).toBe(60);
    expect((await days.dailyCounts({})).days.length).toBeGreaterThan(0);
    await expectSameAsMessages();
  });

  it('read a day from the messages once its analysis changed, until they are counted again', async () => {
    const [one] = await ds.query(`SELECT message_id, sent_at, intent_id FROM message_analysis WHERE intent_id IS NOT NULL ORDER BY message_id LIMIT 1`);
    const [other] = await ds.query(`SELECT id FROM intents WHERE status = 'active' AND id <> ${Number(one.intent_id)} ORDER BY id LIMIT 1`);
    const param = engine === 'sqlite' ? '?' : '$1';
    await ds.query(`UPDATE message_analysis SET intent_id = ${Number(other.id)} WHERE message_id = ${param}`, [one.message_id]);
    const [{ n: marked }] = await ds.query(`SELECT COUNT(*) AS n FROM message_days_stale WHERE day = ${Math.floor(Number(one.sent_at) / DAY) * DAY}`);
    expect(Number(marked)).toBeGreaterThan(0);
    await expectSameAsMessages();
    await ds.query(`DELETE FROM message_analysis WHERE message_id = ${param}`, [one.message_id]);
    await expectSameAsMessages();
    expect(await days.rebuild()).toBeGreaterThan(0);
    expect(Number((await ds.query('SELECT COUNT(*) AS n FROM message_days_stale'))[0].n)).toBe(0);
    const [{ n }] = await ds.query('SELECT SUM(messages) AS n FROM message_days');
    expect(Number(n)).toBe(59);
    await expectSameAsMessages();
    // An update that changes nothing the days count marks nothing.
    await ds.query(`UPDATE message_analysis SET human_similarity = 0.5`);
    expect(Number((await ds.query('SELECT COUNT(*) AS n FROM message_days_stale'))[0].n)).toBe(0);
  });
});
