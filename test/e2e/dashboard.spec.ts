import { INestApplication } from '@nestjs/common';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { createApp } from '../../server/src/app.factory';
import { stableId } from '../../server/src/database/ids';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { SAMPLE_BOT_VERSIONS } from '../../server/src/modules/sample/sample.bot';
import { writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';
import { AccessService } from '../../server/src/modules/access/access.service';
import { account, PASSWORD } from '../support/access';

import { CHROMIUM, SCREENSHOTS, signIn } from '../support/browser';

describe('dashboard in a real browser (Debian Chromium)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token: string;
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
    if (!existsSync(path.resolve(__dirname, '../../web/dist/index.html'))) throw new Error('web/dist is not built: run npm run build');
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await freshDatabase('sqlite', { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    app = await createApp(db.config, false);
    await app.init();
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-web-'));
    const file = path.join(dir, 'web.jsonl');
    const end = Date.UTC(2024, 6, 1);
    const messages = [...generateSample({ seed: 12, conversations: 400, end, days: 28 })];
    messages.push(
      { conversation_id: 'xss', message_id: 'xss-1', timestamp: '2024-06-20T10:00:00Z', role: 'bot', text: 'Hi! How can I help?', customer_id: 'x', channel: 'web' },
      { conversation_id: 'xss', message_id: 'xss-2', timestamp: '2024-06-20T10:00:05Z', role: 'customer', text: '<script>alert("xss")</script><img src=x onerror=alert(2)>', customer_id: 'x', channel: 'web' },
    );
    writers.jsonl(file, messages);
    await app.get(ImportsService).importPath(file, { source: 'web' });
    await app.get(AnalysisService).schedule();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // The dashboard runs under Seam's Content-Security-Policy: a violation is an error in the console.
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && errors.push(m.text()));
    const admin = await account(app, 'admin');
    await app.get(AccessService).createUser('mei', PASSWORD, 'agent');
    token = admin.token;
    await signIn(page, base, admin.username);
  });


  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  const api = async <T>(p: string): Promise<T> => (await (await fetch(`${base}/api${p}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const cardValue = async (title: string) => (await page.locator(`[data-card="${title}"] .card-value`).innerText()).trim();

  it.each([
    ['overview', '/', '[data-card="Conversations"]'],
    ['intents', '/intents', 'table tbody tr'],
    ['breakdowns', '/breakdowns', 'table tbody tr'],
    ['review', '/review', '.queue li'],
    ['conversations', '/conversations', 'table tbody tr'],
    ['imports', '/imports', 'table tbody tr'],
    ['behaviour', '/behaviour', '.journey-link'],
  ])('loads the %s page with the imported data', async (name, url, selector) => {
    await page.goto(`${base}${url}`);
    await page.locator(selector).first().waitFor();
    expect(await page.locator(selector).count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('opens an intent from its table row, with its trend and examples', async () => {
    await page.goto(`${base}/intents`);
    await page.locator('.panel', { hasText: 'All intents' }).locator('table tbody tr').first().click();
    await page.waitForFunction(() => window.location.search.includes('id='));
    const detail = page.locator('[aria-label="Intent"]');
    await detail.locator('.recharts-line').first().waitFor();
    expect(await detail.locator('.examples li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'intent-detail.png'), fullPage: true });
  });

  it('shows the same numbers as the API, and a filter changes them and the URL', async () => {
    const all = await api<{ conversations: number }>('/metrics/overview');
    await page.goto(`${base}/`);
    await page.locator('[data-card="Conversations"]').waitFor();
    expect(await cardValue('Conversations')).toBe(all.conversations.toLocaleString('en-US'));
    await page.selectOption('select[name="channel"]', 'whatsapp');
    await page.waitForFunction(() => window.location.search.includes('channel=whatsapp'));
    const whatsapp = await api<{ conversations: number }>('/metrics/overview?channel=whatsapp');
    expect(whatsapp.conversations).toBeLessThan(all.conversations);
    await page.waitForFunction((n) => document.querySelector('[data-card="Conversations"] .card-value')?.textContent?.trim() === n, whatsapp.conversations.toLocaleString('en-US'));
    await page.reload();
    await page.locator('[data-card="Conversations"]').waitFor();
    expect(await cardValue('Conversations')).toBe(whatsapp.conversations.toLocaleString('en-US'));
    expect(await page.inputValue('select[name="channel"]')).toBe('whatsapp');
  });

  it('drills down from the flow chart to the conversations behind a stage', async () => {
    await page.goto(`${base}/breakdowns`);
    const node = page.locator('[data-node="Handed to an agent"]');
    await node.waitFor();
    await node.click();
    await page.waitForFunction(() => window.location.pathname === '/conversations' && window.location.search.includes('handoff=true'));
    await page.locator('table tbody tr').first().waitFor();
    const handoffs = await page.locator('table tbody tr td:nth-child(5)').allInnerTexts();
    expect(handoffs.length).toBeGreaterThan(0);
    expect(new Set(handoffs)).toEqual(new Set(['yes']));
  });

  it('lets an agent review a flagged conversation, and the status stays after a reload', async () => {
    await page.goto(`${base}/review`);
    await page.locator('.queue li').first().waitFor();
    const firstFlag = (await api<{ items: { id: number; evidence: string[] }[] }>('/flags?status=open&limit=1')).items[0];
    await page.locator('.msg.evidence').first().waitFor();
    expect(await page.locator('.msg.evidence').count()).toBe(firstFlag.evidence.length);
    await page.fill('textarea', 'checked with the team');
    await page.fill('input[placeholder="username"]', 'mei');
    await page.click('text=Mark reviewed');
    await page.locator('[role="status"]', { hasText: 'marked reviewed' }).waitFor();
    await page.goto(`${base}/review?status=reviewed`);
    await page.reload();
    await page.locator('.queue li').first().waitFor();
    const saved = (await api<{ items: { id: number; status: string; assignee: string; note: string }[] }>('/flags?status=reviewed')).items.find((f) => f.id === firstFlag.id);
    expect(saved).toMatchObject({ status: 'reviewed', assignee: 'mei', note: 'checked with the team' });
    expect(await page.locator('.review h2').innerText()).toBeTruthy();
  });

  it('moves through the queue with the keyboard', async () => {
    await page.goto(`${base}/review`);
    await page.locator('.queue li.selected').waitFor();
    const ids = (await api<{ items: { id: number }[] }>('/flags?status=open&limit=4')).items.map((f) => f.id);
    await page.keyboard.press('j');
    await page.waitForFunction((id) => window.location.search.includes(`flag=${id}`), ids[1]);
    await page.keyboard.press('j');
    await page.waitForFunction((id) => window.location.search.includes(`flag=${id}`), ids[2]);
    await page.keyboard.press('k');
    await page.waitForFunction((id) => window.location.search.includes(`flag=${id}`), ids[1]);
    // Faster than the page re-renders: each key still moves one item.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.waitForFunction((id) => window.location.search.includes(`flag=${id}`), ids[2]);
    expect(new URL(page.url()).searchParams.get('flag')).toBe(String(ids[2]));
  });

  it('adds a folder source on the Imports page and runs it; a failing source is said on every page', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'seam-web-drop-'));
    const file = path.join(folder, 'night.jsonl');
    writers.jsonl(file, [{ conversation_id: 'drop-1', message_id: 'drop-1-1', timestamp: '2024-06-30T10:00:00Z', role: 'customer', text: 'where is my parcel', customer_id: 'd', channel: 'web' }]);
    utimesSync(file, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    await page.goto(`${base}/imports`);
    const form = page.locator('form.source-form');
    await form.locator('input[name="name"]').fill('web-drop');
    await form.locator('input[name="path"]').fill(folder);
    await form.locator('button[type="submit"]').click();
    await form.getByText(/web-drop added; next run/).waitFor();
    const row = page.locator('table tbody tr', { hasText: 'web-drop' });
    await row.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('web-drop: run finished.').waitFor();
    await row.locator('.source-status.ok').waitFor();
    await page.locator('table tbody tr', { hasText: 'night.jsonl' }).waitFor();

    const failing = await fetch(`${base}/api/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'unreachable-export', kind: 'http', cron: '0 2 * * *', retries: 0, config: { url: 'http://127.0.0.1:9/export.jsonl' } }),
    });
    const { id } = (await failing.json()) as { id: number };
    await fetch(`${base}/api/sources/${id}/run?wait=true`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await page.goto(`${base}/`);
    expect(await page.locator('.failing-banner').innerText()).toMatch(/scheduled import is failing: unreachable-export/);
    await page.goto(`${base}/imports`);
    await page.locator('table tbody tr', { hasText: 'unreachable-export' }).locator('.source-status.failing').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'imports-sources.png'), fullPage: true });
    await fetch(`${base}/api/sources/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(errors).toEqual([]);
  });

  it('shows a message holding <script> as text, never running it', async () => {
    await page.goto(`${base}/conversations/${stableId('web', 'xss')}`);
    const text = page.locator('.msg.customer .msg-text');
    await text.waitFor();
    expect(await text.innerText()).toBe('<script>alert("xss")</script><img src=x onerror=alert(2)>');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.locator('.msg-text img').count()).toBe(0);
  });

  it("uploads a Rasa tracker export on the Imports page and shows the bot's intent and confidence per customer message", async () => {
    await page.goto(`${base}/imports`);
    const form = page.locator('form', { hasText: 'Upload an export' });
    await form.locator('input[aria-label="Export file"]').setInputFiles(path.resolve(__dirname, '../fixtures/platforms/rasa-trackers.json'));
    await form.locator('select[name="format"]').selectOption('rasa');
    await form.locator('input[name="source"]').fill('rasa');
    await form.locator('button[type="submit"]').click();
    await form.locator('[role="status"]', { hasText: /16 messages added/ }).waitFor();
    await app.get(AnalysisService).schedule();
    await page.goto(`${base}/conversations/${stableId('rasa', 'c7f1e2a9/2024-03-01T10:00:00.124Z')}`);
    const tags = page.locator('.msg.customer .bot-intent');
    await tags.first().waitFor();
    expect(await tags.allInnerTexts()).toEqual(['bot: greet 100%', 'bot: check_balance 93%', 'bot: nlu_fallback 31%', 'bot: human_handoff 88%']);
    expect(await page.locator('.msg.customer .bot-intent.low').count()).toBe(1);
    expect(await page.locator('.msg.bot .event', { hasText: 'bot fallback' }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'rasa-transcript.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows customer behaviour: journeys with the conversations behind a link, the weekday × hour grid, and effort', async () => {
    await page.goto(`${base}/behaviour`);
    const links = page.locator('[aria-label="Journeys"] .journey-link');
    await links.first().waitFor();
    expect(await page.locator('[aria-label="Journeys"] .meta').first().innerText()).toMatch(/customers, .* journeys .* with a later contact/);
    await links.first().click();
    await page.locator('[aria-label="Journeys behind the link"] tbody tr').first().waitFor();
    expect(page.url()).toContain('link=0');
    await page.locator('[aria-label="Journeys"]').screenshot({ path: path.join(SCREENSHOTS, 'behaviour-journeys.png') });
    const grid = page.locator('[aria-label="When customers come"] table.hour-grid');
    await grid.waitFor();
    expect(await grid.locator('tbody tr').count()).toBe(7);
    expect(await grid.locator('tbody tr').first().locator('td').count()).toBe(24);
    expect(await page.locator('[aria-label="When customers come"] .meta').innerText()).toMatch(/^Busiest: (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:00/);
    await page.locator('[aria-label="When customers come"] input[type="radio"]').nth(1).check();
    await page.locator('[aria-label="When customers come"]').screenshot({ path: path.join(SCREENSHOTS, 'behaviour-when.png') });
    await page.locator('[aria-label="Customer effort"] tbody tr').first().waitFor();
    await page.locator('[aria-label="Customer effort"]').screenshot({ path: path.join(SCREENSHOTS, 'behaviour-effort.png') });
    expect(errors).toEqual([]);
  });

  it('compares new and returning customers, and the segment filter narrows the pages through the URL', async () => {
    await page.goto(`${base}/`);
    const rows = page.locator('[aria-label="Segments"] tbody tr');
    await rows.first().waitFor();
    const labels = await page.locator('[aria-label="Segments"] tbody tr td:first-child').allInnerTexts();
    expect(labels).toEqual(expect.arrayContaining(['new customers', 'returning customers']));
    await page.locator('[aria-label="Segments"] tbody tr', { hasText: 'returning customers' }).click();
    await page.waitForURL(/segment=returning/);
    const all = await api<{ conversations: number }>('/metrics/overview');
    const returning = await api<{ conversations: number }>('/metrics/overview?segment=returning');
    expect(returning.conversations).toBeGreaterThan(0);
    expect(returning.conversations).toBeLessThan(all.conversations);
    await page.locator('[data-card="Conversations"] .card-value', { hasText: returning.conversations.toLocaleString('en-US') }).waitFor();
    expect(await page.locator('select[name="segment"]').inputValue()).toBe('returning');
    await page.locator('[aria-label="Segments"]').screenshot({ path: path.join(SCREENSHOTS, 'segments.png') });
    await page.goto(`${base}/behaviour?segment=returning`);
    await page.locator('[aria-label="Journeys"] .meta').first().waitFor();
    expect(errors).toEqual([]);
  });

  it('shows an agent the review queue only, and signs out', async () => {
    const agent = await account(app, 'agent');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    try {
      await p.goto(`${base}/`);
      await p.locator('form[aria-label="Sign in"]').waitFor();
      await p.screenshot({ path: path.join(SCREENSHOTS, 'sign-in.png') });
      await p.fill('input[name="username"]', agent.username);
      await p.fill('input[name="password"]', 'wrong password!');
      await p.click('button[type="submit"]');
      expect(await p.locator('[role="alert"]').innerText()).toMatch(/wrong username or password/);
      await signIn(p, base, agent.username);
      expect(await p.locator('header nav a').allInnerTexts()).toEqual(['Review queue']);
      await p.locator('.queue li.selected').waitFor();
      await p.locator('.msg').first().waitFor();
      await p.goto(`${base}/intents`);
      await p.locator('.queue li').first().waitFor();
      expect(await p.locator('header nav a[aria-current="page"]').innerText()).toBe('Review queue');
      await p.click('header .who button');
      await p.locator('form[aria-label="Sign in"]').waitFor();
    } finally {
      await context.close();
    }
  });

  it('downloads a table as CSV with a label that looks like a formula kept as text', async () => {
    const [{ id }] = (await api<{ items: { id: number }[] }>('/intents')).items;
    const renamed = await fetch(`${base}/api/intents/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: '=HYPERLINK("http://evil.example","refund")' }),
    });
    expect(renamed.status).toBe(200);
    await page.goto(`${base}/intents`);
    await page.locator('table tbody tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.panel', { hasText: 'All intents' }).locator('button', { hasText: 'Table as CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""refund"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    await fetch(`${base}/api/intents/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ label: null }) });
    expect(errors).toEqual([]);
  });

  it('imports the bot\'s definition, shows coverage, small talk, version markers, and exports a kept gap as Rasa YAML', async () => {
    const nlu = path.join(mkdtempSync(path.join(tmpdir(), 'seam-bot-')), 'nlu.yml');
    writeFileSync(nlu, SAMPLE_BOT_VERSIONS[1].nlu);
    await page.goto(`${base}/imports`);
    await page.setInputFiles('input[aria-label="Bot definition file"]', nlu);
    await page.fill('input[name="version"]', '12');
    await page.fill('input[name="date"]', '2024-06-17');
    await page.click('button:has-text("Import definition")');
    await page.locator('[aria-label="Bot definition"] [role="status"]', { hasText: 'version 12' }).waitFor();
    await page.locator('[aria-label="Bot definition"] table tbody tr').first().waitFor();
    await app.get(AnalysisService).schedule({ recluster: true });

    await page.goto(`${base}/intents`);
    await page.locator('[aria-label="Coverage"] [data-card="Messages covered"] .card-value').waitFor();
    expect(await page.locator('[aria-label="Coverage"] [data-card="Messages covered"] .card-value').innerText()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('[aria-label="Small talk"] tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'coverage.png'), fullPage: true });

    const intents = (await api<{ items: { id: number; origin: string; label: string }[] }>('/intents')).items;
    const known = intents.find((i) => i.origin === 'bot')!;
    await page.goto(`${base}/intents?id=${known.id}`);
    await page.locator('[aria-label="Intent"] .recharts-reference-line').first().waitFor({ state: 'attached' });
    // Recharts draws the lines' labels in a layer of their own.
    expect(await page.locator('[aria-label="Intent"] svg text.recharts-label').allTextContents()).toContain('v12');
    await page.locator('[aria-label="Before and after a version"] table').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'version-marker.png'), fullPage: true });
    await page.goto(`${base}/`);
    await page.locator('[aria-label="Before and after a version"] table tbody tr').first().waitFor();
    expect(await page.locator('[aria-label="Before and after a version"] select option').allInnerTexts()).toContain('bot version 12 (2024-06-17)');

    await page.goto(`${base}/gaps`);
    await page.locator('table tbody tr').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'gaps.png'), fullPage: true });
    const before = await page.locator('table tbody tr').count();
    await page.locator('table tbody tr td:nth-child(2)').first().click();
    await page.locator('[aria-label="Candidate"]').waitFor();
    await page.fill('[aria-label="Candidate"] input', 'Top up failed');
    await page.click('[aria-label="Candidate"] button:has-text("Keep")');
    await page.locator('[aria-label="Candidate"]').waitFor({ state: 'detached' });
    await page.waitForFunction((n) => document.querySelectorAll('table tbody tr').length === n, before - 1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Rasa nlu.yml' }).click()]);
    const doc = parseYaml(readFileSync((await download.path())!, 'utf8')) as { nlu: { intent: string; examples: string }[] };
    expect(doc.nlu.map((i) => i.intent)).toEqual(['top_up_failed']);
    expect(doc.nlu[0].examples.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
