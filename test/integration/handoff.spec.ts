import { INestApplication } from '@nestjs/common';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { handoffIndex } from '../../analytics/src';
import type { MetricConversation, MetricMessage } from '../../analytics/src';
import { createApp } from '../../server/src/app.factory';
import { openDataSource } from '../../server/src/database/data-source';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { ENGINES, freshDatabase, TestDatabase } from '../support/engines';

const T = Date.UTC(2024, 4, 1, 9);
const M = 60_000;
type Row = [role: string, minute: number, event?: string];

/** Conversations whose handoff the old import rule (any bot and any agent) and the metrics' rule judged differently, and more. */
const CASES: Record<string, Row[]> = {
  'bot-then-agent': [['bot', 0], ['customer', 1], ['agent', 3]],
  'agent-before-bot': [['agent', 0], ['bot', 1], ['customer', 2]],
  'event-only': [['customer', 0], ['system', 1, 'handoff'], ['customer', 2]],
  'same-moment': [['bot', 0], ['agent', 0], ['customer', 1]],
  'agent-bot-agent': [['agent', 0], ['bot', 1], ['customer', 2], ['agent', 5]],
  'event-after-agent': [['bot', 0], ['agent', 2], ['system', 4, 'handoff']],
  'bot-only': [['bot', 0], ['customer', 1], ['bot', 2]],
  'agent-only': [['customer', 0], ['agent', 1]],
};

describe.each(ENGINES)('one handoff rule on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;

  beforeAll(async () => {
    db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    ds = app.get(DataSource);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-handoff-')), 'cases.jsonl');
    const lines = Object.entries(CASES).flatMap(([id, rows]) =>
      rows.map(([role, minute, event], i) => JSON.stringify({ conversation_id: id, message_id: `${id}-${i}`, timestamp: new Date(T + minute * M).toISOString(), role, text: `${role} says ${i}`, customer_id: id, ...(event ? { event } : {}) })),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    await app.get(ImportsService).importPath(file, { source: 'cases' });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const stored = async () =>
    new Map(
      ((await ds.query('SELECT id, external_id, had_handoff, first_handoff_at FROM conversations ORDER BY external_id')) as Record<string, unknown>[]).map((r) => [
        r.external_id as string,
        { id: r.id as string, handoff: Number(r.had_handoff) === 1, at: r.first_handoff_at === null ? null : Number(r.first_handoff_at) },
      ]),
    );

  it('stores what analytics\' handoffIndex says, for every case', async () => {
    const rows = await stored();
    for (const [id, cases] of Object.entries(CASES)) {
      const conv: MetricConversation = {
        id,
        customerId: id,
        intentId: null,
        messages: cases.map(([role, minute, event], i) => ({ id: `${i}`, role: role as MetricMessage['role'], at: T + minute * M, text: '', event: (event ?? null) as MetricMessage['event'], eventValue: null, sentiment: null })),
      };
      const h = handoffIndex(conv);
      const row = rows.get(id)!;
      expect({ id, handoff: row.handoff, at: row.at }).toEqual({ id, handoff: h >= 0, at: h >= 0 ? conv.messages[h].at : null });
    }
    expect([...rows.entries()].filter(([, r]) => r.handoff).map(([id]) => id).sort()).toEqual(['agent-bot-agent', 'bot-then-agent', 'event-after-agent', 'event-only']);
  });

  it('agrees with the metrics: the list\'s handoff filter and the handoff numbers count the same conversations', async () => {
    await app.get(AnalysisService).schedule();
    const metrics = (await ds.query('SELECT conversation_id, handoff FROM conversation_metrics')) as { conversation_id: string; handoff: number | string }[];
    const rows = await stored();
    for (const [id, r] of rows) expect({ id, metrics: Number(metrics.find((m) => m.conversation_id === r.id)?.handoff) === 1 }).toEqual({ id, metrics: r.handoff });
  });

  it('brings stored conversations to the rule by migration, and back', async () => {
    const other = await openDataSource(db.config);
    try {
      // Back to before OneHandoffRule (and the migrations after it).
      const last = async () => ((await other.query('SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1')) as { name: string }[])[0].name;
      while ((await last()) !== 'OneHandoffRule1765400000000') await other.undoLastMigration();
      await other.undoLastMigration();
      const old = (await other.query(`SELECT had_handoff FROM conversations WHERE external_id IN ('agent-before-bot', 'same-moment')`)) as { had_handoff: number | string }[];
      expect(old.map((r) => Number(r.had_handoff))).toEqual([1, 1]);
      await other.runMigrations();
      const now = (await other.query(`SELECT had_handoff FROM conversations WHERE external_id IN ('agent-before-bot', 'same-moment')`)) as { had_handoff: number | string }[];
      expect(now.map((r) => Number(r.had_handoff))).toEqual([0, 0]);
      expect((await stored()).get('agent-bot-agent')).toMatchObject({ handoff: true, at: T + 5 * M });
    } finally {
      await other.destroy();
    }
  });
});
