import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/seam.config';
import { SampleService } from './modules/sample/sample.service';

/** `node main.js [--sample]`: migrate, (with --sample) import the demo data once, serve. */
async function main(): Promise<void> {
  // Files Seam writes (the database, uploads, exports) hold customers' messages: its own user's alone.
  process.umask(0o077);
  const sample = process.argv.includes('--sample');
  // The sample mode signs every visitor in as the demo admin (the dashboard says so); `npm run serve` does not.
  // The server answers requests on this thread; its analyses run in a thread of their own.
  const config = { ...loadConfig(process.env, { sample }), analysisInThread: true };
  const app = await createApp(config);
  await app.init();
  const samples = app.get(SampleService);
  await samples.checkMode();
  if (sample) await samples.ensureSample();
  await app.listen(config.port, config.host);
  const where = config.dbType === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : config.sqlitePath;
  new Logger('Seam').log(`Seam is serving on http://localhost:${config.port} — API under /api, data in ${where}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
