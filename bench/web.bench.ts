import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { writeSample } from '../server/src/modules/sample/sample.generator';
import { benchApp } from './dataset';
import { figure, flag } from './figures';

const DIST = path.resolve(__dirname, '../../web/dist/assets');

/**
 * `npm run bench -- web [--messages N] [--engine postgres|sqlite]`: the time from navigation to the first
 * meaningful paint (the overview's cards, the intents table) with N messages (1,000,000) imported and analysed,
 * in Debian's Chromium, and the size of the JavaScript bundle.
 */
export async function webBench(args: string[]): Promise<void> {
  for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
    const body = readFileSync(path.join(DIST, file));
    figure('web_bundle_js', (body.length / 1024).toFixed(0), 'KiB');
    figure('web_bundle_js_gzip', (gzipSync(body).length / 1024).toFixed(0), 'KiB');
  }
  const n = Number(flag(args, 'messages') ?? 1_000_000);
  const engine = (flag(args, 'engine') ?? 'postgres') as 'postgres' | 'sqlite';
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-web-bench-'));
  const { app, token, drop } = await benchApp(engine, dir, 'web');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const file = path.join(dir, 'messages.jsonl');
    await writeSample(file, { seed: 77, conversations: Math.round(n / 7.8), end: Date.now(), days: 90 });
    await app.get(ImportsService).importPath(file, { source: 'bench', analyse: false });
    await app.get(AnalysisService).schedule();
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    for (const [name, url, selector] of [
      ['overview', '/', '[data-card="Deflection"] .card-value'],
      ['intents', '/intents', 'table tbody tr'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        await page.goto(`${base}${url}`);
        await page.locator(selector).first().waitFor();
        times.push(Date.now() - started);
      }
      times.sort((a, b) => a - b);
      figure(`web_${engine}_${name}_first_meaningful_paint`, times[2], 'ms');
    }
    await page.waitForLoadState('networkidle');
  } finally {
    await browser.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
