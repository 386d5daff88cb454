import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bind, engineOf } from '../../server/src/database/dialect';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { BotService } from '../../server/src/modules/bot/bot.service';
import { SAMPLE_BOT_VERSIONS } from '../../server/src/modules/sample/sample.bot';
import { session } from '../support/access';
import { analysedApp } from '../support/app';
import { ENGINES, TestDatabase } from '../support/engines';

/** The bot's own intents through the analysis: recognised, kept by id across versions, and managers' decisions kept by later runs. */
describe.each(ENGINES)('the bot\'s intents on %s', (engine) => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let http: Awaited<ReturnType<typeof session>>;
  const query = (sql: string, params: unknown[] = []) => ds.query(bind(engineOf(ds), sql), params);
  const count = async (sql: string, params: unknown[] = []) => Number((await query(sql, params))[0].n);
  const importVersion = (version: string, nlu: string, date: string) => app.get(BotService).import({ fileName: 'nlu.yml', files: [{ path: 'nlu.yml', text: nlu }], bot: 'support-bot', version, date });

  beforeAll(async () => {
    ({ db, app } = await analysedApp(engine, { seed: 21, conversations: 500, days: 28 }));
    ds = app.get(DataSource);
    http = await session(app, 'admin');
    await importVersion('12', SAMPLE_BOT_VERSIONS[1].nlu, '2024-06-17');
    await app.get(AnalysisService).schedule({ recluster: true });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('recognises the bot\'s intents, records the version and confidence, and sets small talk apart', async () => {
    const { body } = await http.get('/api/intents');
    const bot = body.items.filter((i: { origin: string }) => i.origin === 'bot');
    expect(bot.map((i: { label: string }) => i.label)).toEqual(expect.arrayContaining(['refund_status', 'card_arrival', 'change_address']));
    expect(body.coverage.messageRate).toBeGreaterThan(0.2);
    expect(body.coverage.versions).toEqual(['support-bot 12']);
    expect(body.acts.map((a: { act: string }) => a.act)).toEqual(expect.arrayContaining(['thanks', 'ask_human']));
    const covered = await count(`SELECT COUNT(*) AS n FROM message_analysis a JOIN intents i ON i.id = a.intent_id WHERE i.origin = 'bot' AND a.bot_version_id IS NOT NULL AND a.intent_confidence >= 0.5`);
    expect(covered).toBe(await count(`SELECT COUNT(*) AS n FROM message_analysis a JOIN intents i ON i.id = a.intent_id WHERE i.origin = 'bot'`));
    expect(covered).toBeGreaterThan(0);
    // Gaps are candidates only, costliest first.
    const gaps = (await http.get('/api/gaps')).body.items as { origin: string; cost: number }[];
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.origin === 'discovered')).toBe(true);
    expect(gaps.map((g) => g.cost)).toEqual([...gaps.map((g) => g.cost)].sort((a, b) => b - a));
  });

  it('keeps a dismissed candidate dismissed and a merge into a bot intent through later runs', async () => {
    const [dismissed, mergedAway] = (await http.get('/api/gaps')).body.items as { id: number; messages: number }[];
    const target = ((await http.get('/api/intents')).body.items as { id: number; origin: string }[]).find((i) => i.origin === 'bot')!;
    expect((await http.post(`/api/gaps/${dismissed.id}/dismiss`)).status).toBe(204);
    expect((await http.post(`/api/intents/${mergedAway.id}/merge`).send({ into: target.id })).status).toBe(200);
    const onTarget = await count('SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id = ?', [target.id]);
    await app.get(AnalysisService).schedule();
    await app.get(AnalysisService).schedule({ recluster: true });
    expect((await query('SELECT status FROM intents WHERE id = ?', [dismissed.id]))[0].status).toBe('dismissed');
    expect(((await http.get('/api/gaps')).body.items as { id: number }[]).some((g) => g.id === dismissed.id || g.id === mergedAway.id)).toBe(false);
    expect(await count('SELECT COUNT(*) AS n FROM message_analysis WHERE intent_id = ?', [target.id])).toBeGreaterThanOrEqual(onTarget);
  });

  it('keeps a bot intent\'s id across versions, and retires one a version drops', async () => {
    const before = ((await http.get('/api/intents')).body.items as { id: number; label: string }[]).find((i) => i.label === 'refund_status')!;
    await importVersion('13', SAMPLE_BOT_VERSIONS[1].nlu.replace(/- intent: cancel_order\n(    - .*\n|  examples: \|\n)+/, ''), '2024-06-24');
    await app.get(AnalysisService).schedule({ recluster: true });
    const after = (await http.get('/api/intents')).body.items as { id: number; label: string; origin: string }[];
    expect(after.find((i) => i.label === 'refund_status')!.id).toBe(before.id);
    expect(after.some((i) => i.label === 'cancel_order' && i.origin === 'bot')).toBe(false);
    expect(await count(`SELECT COUNT(*) AS n FROM intents WHERE origin = 'bot' AND status = 'retired'`)).toBeGreaterThan(0);
    expect((await http.get('/api/intents')).body.coverage.versions).toEqual(['support-bot 13']);
  });

  it('refuses a bot version twice and a definition it cannot read, naming the line', async () => {
    const twice = await http.post('/api/bot/versions').attach('file', Buffer.from(SAMPLE_BOT_VERSIONS[1].nlu), 'nlu.yml').field('name', 'support-bot').field('version', '13');
    expect(twice.status).toBe(409);
    const bad = await http.post('/api/bot/versions').attach('file', Buffer.from('nlu:\n- intent: greet\n  examples: |\n    - hi\n    hello\n'), 'nlu.yml');
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('nlu.yml: line 5: intent "greet": examples: each line must start with "- "');
    expect((await request(app.getHttpServer()).get('/api/bot/versions')).status).toBe(401);
  });
});
