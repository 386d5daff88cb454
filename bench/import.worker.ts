import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../server/src/app.module';
import { loadConfig } from '../server/src/config/seam.config';
import { ImportsService } from '../server/src/modules/imports/imports.service';

/** Runs one import in its own process so that its peak RSS is its own; prints one JSON line. */
async function main(file: string): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig()), { logger: ['error'] });
  const started = process.hrtime.bigint();
  const [run] = await app.get(ImportsService).importPath(file, { source: 'bench', format: 'jsonl', analyse: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  process.stdout.write(JSON.stringify({ seconds, inserted: run.messagesInserted, rejected: run.rejectedCount, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
