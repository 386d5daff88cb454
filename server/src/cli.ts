import 'reflect-metadata';
import { SeamException } from './common/seam.exception';
import { Command, UsageError } from './cli/common';
import { alertsCommand } from './cli/alerts.command';
import { analyseCommand } from './cli/analyse.command';
import { backupCommand, restoreCommand } from './cli/backup.command';
import { botCommand } from './cli/bot.command';
import { exportCommand } from './cli/export.command';
import { importCommand } from './cli/import.command';
import { migrateCommand } from './cli/migrate.command';
import { modelsCommand } from './cli/models.command';
import { retentionCommand } from './cli/retention.command';
import { sampleCommand } from './cli/sample.command';
import { tokensCommand } from './cli/tokens.command';
import { usersCommand } from './cli/users.command';
import { workerCommand } from './cli/worker.command';

/** `seam <command>`: one file a command in cli/, each with its usage; this file finds the command and reports. */
const COMMANDS: Record<string, Command> = {
  import: importCommand,
  analyse: analyseCommand,
  models: modelsCommand,
  export: exportCommand,
  worker: workerCommand,
  retention: retentionCommand,
  migrate: migrateCommand,
  backup: backupCommand,
  restore: restoreCommand,
  sample: sampleCommand,
  users: usersCommand,
  tokens: tokensCommand,
  bot: botCommand,
  alerts: alertsCommand,
};

const USAGE = `Usage: seam <command> [options]    (seam <command> --help for one command)

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.help}`)
  .join('\n')}

Environment: DATABASE_URL (PostgreSQL; SQLite otherwise), SEAM_DB_PATH, SEAM_DATA_DIR (see README).`;

async function main(argv: string[]): Promise<number> {
  const [given, ...rest] = argv;
  const name = given === 'analyze' ? 'analyse' : given;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    console.log(topic ? `Usage: seam ${topic.help}` : USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: seam ${command.help}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`seam ${err.command}: ${err.message}\n\nUsage: seam ${COMMANDS[err.command].help}`);
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
