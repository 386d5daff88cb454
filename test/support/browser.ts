import * as path from 'node:path';

/** Where the browser tests leave a screenshot of every page (README: "Screenshots"). */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-output/screenshots');
/** Debian's Chromium, driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';
