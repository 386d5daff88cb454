#!/usr/bin/env node
// `npx seam …` from the project folder: runs the compiled CLI (npm run build makes it).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'server', 'src', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('seam: not built yet; run `npm run build` (or `npm start`) first');
  process.exit(1);
}
require(cli);
