import { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createApp } from '../../server/src/app.factory';
import { AnalysisService } from '../../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../../server/src/modules/imports/imports.service';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { EngineName, freshDatabase, TestDatabase } from './engines';
import { writers } from './formats';

/** The app on a fresh database holding a generated sample, imported and analysed (flags included); 1 MB uploads. */
export async function analysedApp(
  engine: EngineName,
  sample: { seed: number; conversations: number; days: number },
  env: NodeJS.ProcessEnv = {},
): Promise<{ db: TestDatabase; app: INestApplication }> {
  const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false', SEAM_UPLOAD_LIMIT_MB: '1', ...env });
  const app = await createApp(db.config, false);
  await app.init();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'seam-sample-')), 'sample.jsonl');
  writers.jsonl(file, [...generateSample({ ...sample, end: Date.UTC(2024, 6, 1) })]);
  await app.get(ImportsService).importPath(file, { source: 'sample' });
  await app.get(AnalysisService).schedule();
  return { db, app };
}
