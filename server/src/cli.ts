import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
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

/** Each command's usage: `seam <command> --help` prints it, and a mistake prints the reason and then it. */
const HELP: Record<string, string> = {
  import: `import <file|folder>… [--format F] [--source NAME] [--no-analyse]
      Import conversation logs, each file or every file of a folder (in name order), then analyse what is new.
      Formats: jsonl, csv, json (nested), arrow (Apache Arrow IPC) and the adapters twcs (Customer Support on
      Twitter), sgd (Schema-Guided Dialogue), abcd (ABCD) and taskmaster (Taskmaster); detected unless named.
      --source names where the data comes from (ids are unique within a source; default: the adapter's name or
      "default"; a Seam export's own source column when none is named).`,
  analyse: `analyse [--recluster]
      Analyse what is not analysed yet (intents, sentiment); --recluster clusters everything again.`,
  models: `models list | models import <folder> [--id org/name] | models pull <org/name>
      The local transformer models (SEAM_MODELS_DIR). pull downloads from the model hub (needs internet);
      import installs a model folder copied from elsewhere.`,
  export: `export --format csv|arrow --out FILE [--from D] [--to D] [--channel C] [--source S] [--intent ID]
       [--outcome O] [--handoff true|false] [--customer ID] [--q WORDS]
      Every message of the conversations the filters select, with its analysis, as CSV or an Arrow IPC file
      (recorded in the audit log).`,
  worker: `worker [--concurrency N]
      With SEAM_JOBS=queue and PostgreSQL: take analysis, analysis-part and scheduled-source jobs from the
      queue until stopped (SIGINT/SIGTERM finishes the jobs in hand). Start as many as you have cores and machines.`,
  retention: `retention
      Delete the message text of conversations older than SEAM_RETENTION_DAYS now (the server does it daily);
      their analysis, metrics and flags stay.`,
  migrate: `migrate [--revert]
      Apply the pending migrations (or revert the last one).`,
  sample: `sample --out FILE [--conversations N] [--seed N] [--days N]
      Write a generated, realistic log in Seam's JSON Lines format.`,
  users: `users create <username> --role admin|manager|agent | users list | users disable <username> | users enable <username>
      Local accounts. The password is asked for (hidden), or read from the first line of standard input.
      A disabled account cannot sign in, and its sessions and API tokens stop working at once.`,
  tokens: `tokens create --user <username> --name NAME --scope read|import|full | tokens list [--user <username>] | tokens revoke <id>
      API tokens for automation (sent as "Authorization: Bearer <token>"); printed once, only a hash is kept.`,
};

const USAGE = `Usage: seam <command> [options]    (seam <command> --help for one command)

Commands:
${Object.values(HELP)
  .map((h) => `  ${h}`)
  .join('\n')}

Environment: DATABASE_URL (PostgreSQL; SQLite otherwise), SEAM_DB_PATH, SEAM_DATA_DIR (see README).`;

/** A command given wrongly: the reason is printed with the command's usage, and the exit code is 2. */
class UsageError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** The command's options and positionals; an unknown or malformed option is a UsageError naming it. */
function options<T extends OptionSpec>(command: string, args: string[], spec: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options: spec, strict: true });
  } catch (err) {
    throw new UsageError(command, err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err));
  }
}

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
  const { values, positionals } = options('analyse', args, { recluster: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError('analyse', `unexpected ${positionals.join(' ')}`);
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
  const { values, positionals } = options('export', args, Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])));
  if (positionals.length > 0) throw new UsageError('export', `unexpected ${positionals.join(' ')}`);
  const { out, ...filters } = values as Record<string, string | undefined>;
  const query = plainToInstance(ExportConversationsQuery, filters);
  const problems = (await validate(query, { whitelist: true, forbidNonWhitelisted: true })).flatMap((p) => Object.values(p.constraints ?? {}));
  if (!out) problems.push('--out FILE is required');
  if (!out || problems.length > 0) throw new UsageError('export', problems.join('; '));
  const app = await commandContext();
  try {
    const counts = await app.get(ConversationsExporter).export(query, query.format, createWriteStream(out));
    const { format, ...given } = query;
    await app.get(AccessService).audit(null, 'conversations.export', 'conversations', { format, filters: given, out: path.resolve(out), via: 'cli', ...counts });
    console.log(`${counts.conversations} conversations, ${counts.messages} messages → ${out}`);
  } finally {
    await app.close();
  }
  return 0;
}

async function workerCommand(args: string[]): Promise<number> {
  const { values } = options('worker', args, { concurrency: { type: 'string' } });
  const config = loadConfig();
  const concurrency = Number(values.concurrency ?? 1);
  if (config.jobs !== 'queue') {
    console.error('seam worker takes its jobs from the queue in PostgreSQL: set SEAM_JOBS=queue and DATABASE_URL');
    return 2;
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('worker', '--concurrency must be a whole number from 1 to 32');
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

async function retentionCommand(args: string[]): Promise<number> {
  options('retention', args, {});
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
  const { values, positionals } = options('models', rest, { id: { type: 'string' } });
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
  if (sub === 'import') {
    if (positionals.length !== 1) throw new UsageError('models', 'models import takes one model folder');
    const m = await models.importFolder(positionals[0], values.id);
    console.log(`installed ${m.id} (${m.task}, ${m.dtype}) in ${m.dir}`);
    return 0;
  }
  if (sub === 'pull') {
    if (positionals.length !== 1) throw new UsageError('models', 'models pull takes one model id, such as Xenova/paraphrase-multilingual-MiniLM-L12-v2');
    const m = await models.pull(positionals[0], (file, bytes) => console.log(`  ${file} ${(bytes / 1e6).toFixed(1)} MB`));
    console.log(`installed ${m.id} (${m.task}, ${m.dtype}) in ${m.dir}`);
    return 0;
  }
  throw new UsageError('models', sub ? `unknown models command "${sub}"` : 'say list, import or pull');
}

async function migrateCommand(args: string[]): Promise<number> {
  const { values } = options('migrate', args, { revert: { type: 'boolean' } });
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
  const { values } = options('sample', args, { out: { type: 'string' }, conversations: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' } });
  if (!values.out) throw new UsageError('sample', '--out FILE is required');
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

async function usersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = options('users', rest, { role: { type: 'string' } });
  const one = (what: string) => {
    if (positionals.length !== 1) throw new UsageError('users', `users ${what} takes one username`);
    return positionals[0];
  };
  if (sub === 'create') {
    one('create');
    if (!values.role) throw new UsageError('users', `--role is required: ${ROLES.join(', ')}`);
    if (!ROLES.includes(values.role as Role)) throw new UsageError('users', `--role must be one of ${ROLES.join(', ')}`);
  } else if (sub === 'disable' || sub === 'enable') one(sub);
  else if (sub !== 'list') throw new UsageError('users', sub ? `unknown users command "${sub}"` : 'say create, list, disable or enable');
  const password = sub === 'create' ? await readSecret(`password for ${positionals[0]}: `) : '';
  const app = await commandContext();
  try {
    const access = app.get(AccessService);
    if (sub === 'list') {
      for (const u of await access.users()) console.log(`${u.username}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
    } else if (sub === 'create') {
      const user = await access.createUser(positionals[0], password, values.role as Role);
      await access.audit(null, 'user.create', `user:${user.id}`, { username: user.username, role: user.role, via: 'cli' });
      console.log(`created ${user.username} (${user.role})`);
    } else {
      const disabled = sub === 'disable';
      const user = await access.updateUser((await access.userNamed(positionals[0])).id, { disabled });
      await access.audit(null, 'user.update', `user:${user.id}`, { username: user.username, disabled, via: 'cli' });
      console.log(`${user.username} is ${disabled ? 'disabled: its sessions and tokens no longer work' : 'enabled'}`);
    }
  } finally {
    await app.close();
  }
  return 0;
}

async function tokensCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = options('tokens', rest, { user: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } });
  if (sub === 'create') {
    const missing = (['user', 'name', 'scope'] as const).filter((k) => !values[k]).map((k) => `--${k}`);
    if (missing.length > 0) throw new UsageError('tokens', `tokens create needs ${missing.join(', ')}`);
    if (!SCOPES.includes(values.scope as Scope)) throw new UsageError('tokens', `--scope must be one of ${SCOPES.join(', ')}`);
  } else if (sub === 'revoke') {
    if (positionals.length !== 1 || !/^\d{1,15}$/.test(positionals[0])) throw new UsageError('tokens', 'tokens revoke takes one token id (tokens list shows them)');
  } else if (sub !== 'list') throw new UsageError('tokens', sub ? `unknown tokens command "${sub}"` : 'say create, list or revoke');
  const app = await commandContext();
  try {
    const access = app.get(AccessService);
    if (sub === 'create') {
      const { token, info } = await access.createTokenFor(values.user!, values.name!, values.scope as Scope);
      await access.audit(null, 'token.create', `token:${info.id}`, { user: values.user, name: info.name, scope: info.scope, via: 'cli' });
      console.log(token);
      console.error(`token ${info.id} "${info.name}" for ${values.user} (scope ${info.scope}); it is shown this once`);
    } else if (sub === 'revoke') {
      const id = Number(positionals[0]);
      await access.revokeAnyToken(id);
      await access.audit(null, 'token.revoke', `token:${id}`, { via: 'cli' });
      console.log(`token ${id} revoked`);
    } else {
      const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
      console.log('id\tuser\tname\tscope\tcreated\tlast used\trevoked');
      for (const t of await access.allTokens(values.user)) console.log([t.id, t.username, t.name, t.scope, day(t.createdAt), day(t.lastUsedAt), day(t.revokedAt)].join('\t'));
    }
  } finally {
    await app.close();
  }
  return 0;
}

const RUN: Record<string, (args: string[]) => Promise<number>> = {
  import: importCommand,
  migrate: migrateCommand,
  sample: sampleCommand,
  analyse: analyseCommand,
  export: exportCommand,
  retention: retentionCommand,
  worker: workerCommand,
  models: modelsCommand,
  users: usersCommand,
  tokens: tokensCommand,
};

async function main(argv: string[]): Promise<number> {
  const [given, ...rest] = argv;
  const command = given === 'analyze' ? 'analyse' : given;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' && rest[0] ? HELP[rest[0]] : undefined;
    console.log(topic ? `Usage: seam ${topic}` : USAGE);
    return command ? 0 : 2;
  }
  const run = RUN[command];
  if (!run) {
    console.error(`unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: seam ${HELP[command]}`);
    return 0;
  }
  try {
    return await run(rest);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`seam ${err.command}: ${err.message}\n\nUsage: seam ${HELP[err.command]}`);
    return 2;
  }
}

// Files Seam writes (the database, exports) hold customers' messages: its own user's alone.
process.umask(0o077);
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof SeamException || err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
