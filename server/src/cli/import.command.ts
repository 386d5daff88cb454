import { loadConfig } from '../config/seam.config';
import { AnalysisService } from '../modules/analysis/analysis.service';
import { ImportRunEntity } from '../modules/imports/import-run.entity';
import { ImportsService } from '../modules/imports/imports.service';
import { analyseWith } from './analyse.command';
import { Command, commandContext, options, UsageError } from './common';
import { IMPORT_FORMATS } from '#contracts';

function bar(run: ImportRunEntity): string {
  const fraction = run.bytesTotal ? Math.min(1, run.bytesRead / run.bytesTotal) : 0;
  const width = 30;
  const filled = Math.round(fraction * width);
  // New and already-stored counts are known when the run's last transaction has moved its rows into place.
  const counts = run.status === 'running' ? `${run.recordsRead} rows read` : `${run.recordsRead} rows, ${run.messagesInserted} new, ${run.messagesDuplicate} already there`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${counts}, ${run.rejectedCount} rejected`;
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = options('import', args, { format: { type: 'string' }, source: { type: 'string' }, 'no-analyse': { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('import', 'name a file or a folder to import');
  const config = loadConfig();
  const app = await commandContext(config);
  const imports = app.get(ImportsService);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const progress = (run: ImportRunEntity) => {
    const now = Date.now();
    if (tty) process.stderr.write(`\r${run.fileName}: ${bar(run)}`);
    else if (now - lastLine > 5000 || run.status !== 'running') {
      process.stderr.write(`${run.fileName}: ${bar(run)}\n`);
      lastLine = now;
    }
  };
  let failed = false;
  try {
    const runs: ImportRunEntity[] = [];
    const onSkipped = (file: string, reason: string) => console.log(`${file}: skipped, ${reason}`);
    for (const target of positionals) runs.push(...(await imports.importPath(target, { format: values.format, source: values.source, onProgress: progress, onSkipped, analyse: false })));
    if (tty) process.stderr.write('\n');
    for (const run of runs) {
      const seconds = ((run.finishedAt ?? Date.now()) - run.startedAt) / 1000;
      console.log(
        `${run.fileName} (${run.format}, source ${run.source}): ${run.status} in ${seconds.toFixed(1)} s — ${run.messagesInserted} messages added, ` +
          `${run.messagesDuplicate} already imported, ${run.rejectedCount} rejected, ${run.conversationsTouched} conversations (import ${run.id})`,
      );
      if (run.rejectedCount > 0) {
        const detail = await imports.get(run.id, 0, 20);
        for (const row of detail.rejected.rows) {
          console.log(`  ${row.file} line ${row.line}${row.location ? ` ${row.location}` : ''}${row.field ? ` field ${row.field}` : ''}: ${row.reason}`);
        }
        if (detail.rejected.total > detail.rejected.rows.length) console.log(`  … and ${detail.rejected.total - detail.rejected.rows.length} more: GET /api/imports/${run.id}`);
      }
    }
    if (!values['no-analyse'] && runs.some((r) => r.messagesInserted > 0)) {
      // The import is stored whatever becomes of the analysis: a failed one is said, not taken for a failed import.
      await analyseWith(app.get(AnalysisService), false).catch((err: Error) => {
        console.log(`the import is stored; its analysis did not complete: ${err.message}. The next analysis (the server's, or \`seam analyse\`) covers it.`);
      });
    }
  } catch (err) {
    if (tty) process.stderr.write('\n');
    console.error(`import failed: ${err instanceof Error ? err.message : String(err)}`);
    failed = true;
  } finally {
    await app.close();
  }
  return failed ? 1 : 0;
}

export const importCommand: Command = {
  help: `import <file|folder>… [--format F] [--source NAME] [--no-analyse]
      Import conversation logs, each file or every file of a folder (in name order), then analyse what is new.
      Formats (detected unless named with --format):
${Object.entries(IMPORT_FORMATS).map(([name, what]) => `        ${name.padEnd(14)}${what}`).join('\n')}
      --source names where the data comes from (ids are unique within a source; default: the adapter's name or
      "default"; a Seam export's own source column when none is named).`,
  run,
};
