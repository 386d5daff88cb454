import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD } from './access';

/** Where the browser tests leave a screenshot of every page (README: "Screenshots"). */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');
/** Debian's Chromium, driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Through the sign-in form, as a person does. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.locator('form[aria-label="Sign in"]').waitFor();
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('button[type="submit"]');
  await page.locator('header nav').waitFor();
}
