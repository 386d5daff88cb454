import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module';
import { PROCESS_NAME } from './common/process-name';
import { SeamException } from './common/seam.exception';
import { loadConfig, SeamConfig } from './config/seam.config';
import { openDataSource } from './database/data-source';
import { AccessService } from './modules/access/access.service';
import { ROLES, Role, SCOPES, Scope } from './modules/access/roles';
import { AnalysisService } from './modules/analysis/analysis.service';
import { ConversationsExporter } from './modules/conversations/conversations.exporter';
import { ExportConversationsQuery } from './modules/conversations/dtos/conversation.dto';
import { ImportRunEntity } from './modules/imports/import-run.entity';
import { ImportsService } from './modules/imports/imports.service';
import { ModelsService } from './modules/models/models.service';
import { RetentionService } from './modules/retention/retention.service';
import { JobsService, PartJob, QUEUES, SourceJob } from './modules/jobs/jobs.service';
import { SourcesService } from './modules/sources/sources.service';
import { writeSample } from './modules/sample/sample.generator';

const USAGE = `Usage: seam <command> [options]

Commands:
  import <file|folder> [--format F] [--source NAME] [--no-analyse]
        Import a conversation log (JSON Lines, CSV, nested JSON, Arrow IPC, or the twcs, sgd, abcd
        adapters), or every file of a folder, then analyse what is new. The format is detected unless named.
  analyse [--recluster]
        Analyse what is not analysed yet (intents, sentiment); --recluster clusters everything again.
  models list | import <folder> [--id org/name] | pull <org/name>
        The local transformer models (SEAM_MODELS_DIR). pull downloads from the model hub (needs internet);
        import installs a model folder copied from elsewhere.
  export --format csv|arrow --out FILE [--from D] [--to D] [--channel C] [--source S] [--intent ID]
         [--outcome O] [--handoff true|false] [--customer ID] [--q WORDS]
        Every message of the conversations the filters select, with its analysis, as CSV or an Arrow IPC file.
  worker [--concurrency N]
        With SEAM_JOBS=queue and PostgreSQL: take analysis, analysis-part and scheduled-source jobs from the
        queue until stopped (SIGINT/SIGTERM finishes the jobs in hand). Start as many as you have cores and machines.
  retention
        Delete the message text of conversations older than SEAM_RETENTION_DAYS now (the server does it daily);
        their analysis, metrics and flags stay.
  migrate [--revert]
        Apply the pending migrations (or revert the last one).
  sample --out FILE [--conversations N] [--seed N] [--days N]
        Write a generated, realistic log in Seam's JSON Lines format.
  users create <username> --role admin|manager|agent | users list
        Local accounts. The password is asked for (hidden), or read from the first line of standard input.
  tokens create --user <username> --name NAME --scope read|import|full
        An API token for automation (sent as "Authorization: Bearer <token>"); printed once, only its hash is kept.

Environment: DATABASE_URL (PostgreSQL; SQLite otherwise), SEAM_DB_PATH, SEAM_DATA_DIR (see README).`;

/** The app without HTTP for one command: it analyses only when the command says so and schedules nothing. */
function commandContext(config: SeamConfig = loadConfig()) {
  return NestFactory.createApplicationContext(AppModule.forRoot({ ...config, analyseAfterImport: false, scheduler: false }), { logger: ['error', 'warn'] });
}

function bar(run: ImportRunEntity): string {
  const fraction = run.bytesTotal ? Math.min(1, run.bytesRead / run.bytesTotal) : 0;
  const width = 30;
  const filled = Math.round(fraction * width);
  // New and already-stored counts are known when the run's last transaction has moved its rows into place.
  const counts = run.status === 'running' ? `${run.recordsRead} rows read` : `${run.recordsRead} rows, ${run.messagesInserted} new, ${run.messagesDuplicate} already there`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${counts}, ${run.rejectedCount} rejected`;
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, source: { type: 'string' }, 'no-analyse': { type: 'boolean' } },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
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
    const runs = await imports.importPath(positionals[0], { format: values.format, source: values.source, onProgress: progress, analyse: false });
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
    if (!values['no-analyse'] && runs.some((r) => r.messagesInserted > 0)) await analyseWith(app.get(AnalysisService), false);
  } catch (err) {
    if (tty) process.stderr.write('\n');
    console.error(`import failed: ${err instanceof Error ? err.message : String(err)}`);
    failed = true;
  } finally {
    await app.close();
  }
  return failed ? 1 : 0;
}

async function analyseWith(analysis: AnalysisService, recluster: boolean): Promise<void> {
  const run = await analysis.schedule({
    recluster,
    onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\ranalysing: ${p.stage} ${Math.round((p.progress ?? 0) * 100)}%   `),
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `analysis ${run.id}: ${run.messagesAnalysed} new customer messages, ${run.textsEmbedded} texts embedded (${run.cacheHits} from cache), ` +
      `${run.intents} intents${run.reclustered ? ', re-clustered' : ''} — vectors: ${run.embeddingEngine} (${run.embeddingModel}), sentiment: ${run.sentimentEngine} (${run.sentimentModel})`,
  );
  if (run.embeddingEngine === 'lexical') console.log('  no transformer model is installed: intents come from the lexical engine (see `seam models`)');
}

async function analyseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { recluster: { type: 'boolean' } } });
  const app = await commandContext();
  try {
    await analyseWith(app.get(AnalysisService), !!values.recluster);
  } finally {
    await app.close();
  }
  return 0;
}

async function exportCommand(args: string[]): Promise<number> {
  const names = ['format', 'out', 'from', 'to', 'channel', 'source', 'intent', 'outcome', 'handoff', 'customer', 'q'] as const;
  const { values } = parseArgs({ args, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])) });
  const { out, ...filters } = values as Record<string, string | undefined>;
  const query = plainToInstance(ExportConversationsQuery, filters);
  const problems = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  if (!out || problems.length > 0) {
    for (const p of problems) console.error(Object.values(p.constraints ?? {}).join('; '));
    if (!out) console.error('--out FILE is required');
    return 2;
  }
  const app = await commandContext();
  try {
    const counts = await app.get(ConversationsExporter).export(query, query.format, createWriteStream(out));
    console.log(`${counts.conversations} conversations, ${counts.messages} messages → ${out}`);
  } finally {
    await app.close();
  }
  return 0;
}

async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string' } } });
  const config = loadConfig();
  const concurrency = Number(values.concurrency ?? 1);
  if (config.jobs !== 'queue') {
    console.error('seam worker takes its jobs from the queue in PostgreSQL: set SEAM_JOBS=queue and DATABASE_URL');
    return 2;
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    console.error('--concurrency must be a whole number from 1 to 32');
    return 2;
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, scheduler: false }), { logger: ['log', 'error', 'warn'] });
  const jobs = app.get(JobsService);
  const analysis = app.get(AnalysisService);
  const sources = app.get(SourcesService);
  await jobs.work<{ recluster?: boolean }>(QUEUES.analyse, 1, (job, jobId) => analysis.schedule({ recluster: job.recluster, distributed: true, jobId }));
  await jobs.work<PartJob>(QUEUES.part, concurrency, (job) => analysis.scorePart(job.runId, job.part, PROCESS_NAME));
  await jobs.work<SourceJob>(QUEUES.source, 1, (job) => sources.run(job.sourceId, 'schedule'));
  console.log(`seam worker ${PROCESS_NAME}: taking jobs (${concurrency} analysis part${concurrency > 1 ? 's' : ''} at a time)`);
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

async function retentionCommand(): Promise<number> {
  const config = loadConfig();
  if (config.retentionDays === null) {
    console.error('SEAM_RETENTION_DAYS is not set: message text is kept');
    return 2;
  }
  const app = await commandContext(config);
  try {
    const r = await app.get(RetentionService).apply();
    console.log(
      `text older than ${config.retentionDays} days (before ${new Date(r.cutoff).toISOString()}): ${r.conversations} conversations, ${r.messages} messages emptied; ` +
        `${r.rejectedRows} rejected rows and ${r.intentExamples} intent examples deleted`,
    );
  } finally {
    await app.close();
  }
  return 0;
}

async function modelsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { id: { type: 'string' } } });
  const config = loadConfig();
  const models = new ModelsService(config);
  if (sub === 'list') {
    const installed = await models.list();
    if (installed.length === 0) console.log(`no models in ${config.modelsDir}; analysis runs on the lexical engine`);
    for (const m of installed) {
      const role = m.id === config.embeddingModel ? ' (embedding model in use)' : m.id === config.sentimentModel ? ' (sentiment model in use)' : '';
      console.log(`${m.id}\t${m.task}\t${m.dtype}\t${(m.bytes / 1e6).toFixed(1)} MB${role}`);
    }
    return 0;
  }
  if (sub === 'import' && positionals.length === 1) {
    const m = await models.importFolder(positionals[0], values.id);
    console.log(`installed ${m.id} (${m.task}, ${m.dtype}) in ${m.dir}`);
    return 0;
  }
  if (sub === 'pull' && positionals.length === 1) {
    const m = await models.pull(positionals[0], (file, bytes) => console.log(`  ${file} ${(bytes / 1e6).toFixed(1)} MB`));
    console.log(`installed ${m.id} (${m.task}, ${m.dtype}) in ${m.dir}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { revert: { type: 'boolean' } } });
  const ds = await openDataSource(loadConfig());
  try {
    if (values.revert) {
      await ds.undoLastMigration();
      console.log('reverted the last migration');
    } else {
      const applied = await ds.runMigrations();
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'the database is up to date');
    }
  } finally {
    await ds.destroy();
  }
  return 0;
}

async function sampleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, conversations: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' } } });
  if (!values.out) {
    console.error(USAGE);
    return 2;
  }
  const count = await writeSample(values.out, {
    seed: Number(values.seed ?? 7),
    conversations: Number(values.conversations ?? 3000),
    days: Number(values.days ?? 42),
    end: Date.now(),
  });
  console.log(`wrote ${count} messages to ${values.out}`);
  return 0;
}

/** A secret from the terminal without echo, or the first line of piped standard input. */
async function readSecret(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stderr : undefined, terminal: !!process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    // Typed characters are not echoed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
    if (process.stdin.isTTY) process.stderr.write('\n');
  }
}

async function accessCommand(kind: 'users' | 'tokens', args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { role: { type: 'string' }, user: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } },
  });
  const usage = kind === 'users' ? !((sub === 'create' && positionals.length === 1 && values.role) || sub === 'list') : !(sub === 'create' && values.user && values.name && values.scope);
  if (usage) {
    console.error(USAGE);
    return 2;
  }
  if (values.role && !ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (values.scope && !SCOPES.includes(values.scope as Scope)) throw new Error(`--scope must be one of ${SCOPES.join(', ')}`);
  const password = kind === 'users' && sub === 'create' ? await readSecret(`password for ${positionals[0]}: `) : '';
  const app = await commandContext();
  try {
    const access = app.get(AccessService);
    if (kind === 'tokens') {
      const { token, info } = await access.createTokenFor(values.user!, values.name!, values.scope as Scope);
      await access.audit(null, 'token.create', `token:${info.id}`, { user: values.user, name: info.name, scope: info.scope, via: 'cli' });
      console.log(token);
      console.error(`token ${info.id} "${info.name}" for ${values.user} (scope ${info.scope}); it is shown this once`);
    } else if (sub === 'list') {
      for (const u of await access.users()) console.log(`${u.username}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
    } else {
      const user = await access.createUser(positionals[0], password, values.role as Role);
      await access.audit(null, 'user.create', `user:${user.id}`, { username: user.username, role: user.role, via: 'cli' });
      console.log(`created ${user.username} (${user.role})`);
    }
  } finally {
    await app.close();
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'import':
      return importCommand(rest);
    case 'migrate':
      return migrateCommand(rest);
    case 'sample':
      return sampleCommand(rest);
    case 'analyse':
    case 'analyze':
      return analyseCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'retention':
      return retentionCommand();
    case 'worker':
      return workerCommand(rest);
    case 'models':
      return modelsCommand(rest);
    case 'users':
    case 'tokens':
      return accessCommand(command, rest);
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof SeamException || err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
