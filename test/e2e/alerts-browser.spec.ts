import { INestApplication } from '@nestjs/common';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { alertPeriods } from '../../analytics/src/alerts/periods';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { account } from '../support/access';
import { freshDatabase, TestDatabase } from '../support/engines';
import { writers } from '../support/formats';
import { CHROMIUM, SCREENSHOTS, signIn } from '../support/browser';

describe('"What changed" and the bell in a real browser (Debian Chromium)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    db = await freshDatabase('sqlite', { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_TIME_ZONE: 'UTC', SEAM_SCHEDULER: 'false', SEAM_ALERT_ALLOW_PRIVATE: 'true' });
    app = await createApp(db.config, false);
    await app.init();
    // The sample's courier outage on the last full day: late-delivery contacts pile up and the bot falls back.
    const end = Date.UTC(2024, 6, 1, 12);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-alerts-web-')), 'sample.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 7, conversations: 3000, end, days: 42, incident: alertPeriods(end, 'day', 'UTC').current })]);
    await app.get(ImportsService).importPath(file, { source: 'web' });
    await app.get(AnalysisService).schedule();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    const admin = await account(app, 'admin');
    await signIn(page, base, admin.username);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('shows the outage on the overview (more conversations, more fallbacks), counts it on the bell, and leads to the conversations behind it', async () => {
    const panel = page.locator('.what-changed');
    await panel.locator('.alert-item').first().waitFor();
    const summaries = await panel.locator('.alert-summary').allInnerTexts();
    expect(summaries.some((s) => /^All conversations rose to \d+ from a usual \d+ on that weekday \(×\d\.\d\)$/.test(s))).toBe(true);
    expect(summaries.some((s) => /^Conversations with a fallback rose from \d+% to \d+% \(\d+ of \d+ conversations; \d+ of \d+ before\)$/.test(s))).toBe(true);
    await panel.screenshot({ path: path.join(SCREENSHOTS, 'what-changed.png') });

    const bell = page.locator('.bell > button');
    const count = Number(await bell.locator('.bell-count').innerText());
    expect(count).toBe(summaries.length);
    await bell.click();
    await page.locator('.bell-panel .alert-item').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'alert-bell.png') });
    await page.locator('.bell-panel .alert-item').first().getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForFunction((n) => document.querySelector('.bell-count')?.textContent === String(n), count - 1);

    await panel.locator('.alert-item', { hasText: 'All conversations rose' }).getByRole('link', { name: 'Conversations behind it' }).click();
    await page.locator('table tbody tr').first().waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/conversations');
    expect(url.searchParams.get('from')).toBe(new Date(Date.UTC(2024, 5, 30)).toISOString());
    expect(url.searchParams.get('to')).toBe(new Date(Date.UTC(2024, 6, 1)).toISOString());
    expect(errors).toEqual([]);
  });

  it('lets an admin add a webhook channel on the Imports page and send it a test', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`${base}/imports`);
      const form = page.locator('form[aria-label="Add an alert channel"]');
      await form.waitFor();
      await form.locator('input[name="name"]').fill('ops-slack');
      await form.locator('input[name="url"]').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
      await form.locator('input[name="metrics"][value="volume"]').check();
      await form.locator('input[name="quietStart"]').fill('22');
      await form.locator('input[name="quietEnd"]').fill('7');
      await form.getByRole('button', { name: 'Add' }).click();
      await form.getByRole('status').filter({ hasText: 'ops-slack added' }).waitFor();
      const panel = page.locator('[aria-label="Alert channels"]');
      const row = panel.locator('tbody tr', { hasText: 'ops-slack' });
      await row.waitFor();
      expect(await row.innerText()).toContain('Conversations; at once, quiet 22:00–7:00');
      await row.getByRole('button', { name: 'Send a test' }).click();
      await panel.getByRole('status').filter({ hasText: 'ops-slack: test message sent.' }).waitFor();
      expect(JSON.parse(received[0]).text).toContain('Seam: a test of this alert channel');
      await panel.screenshot({ path: path.join(SCREENSHOTS, 'alert-channels.png') });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
    expect(errors).toEqual([]);
  });
});
