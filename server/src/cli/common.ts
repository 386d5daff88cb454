import { NestFactory } from '@nestjs/core';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { loadConfig, SeamConfig } from '../config/seam.config';

/** One command of `seam`: its usage (printed by `--help` and after a mistake) and what it does; the exit code. */
export interface Command {
  help: string;
  run(args: string[]): Promise<number>;
}

/** A command given wrongly: the reason is printed with the command's usage, and the exit code is 2. */
export class UsageError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** The command's options and positionals; an unknown or malformed option is a UsageError naming it. */
export function options<T extends OptionSpec>(command: string, args: string[], spec: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options: spec, strict: true });
  } catch (err) {
    throw new UsageError(command, err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err));
  }
}

/** The app without HTTP for one command: it analyses only when the command says so and schedules nothing. */
export function commandContext(config: SeamConfig = loadConfig()) {
  return NestFactory.createApplicationContext(AppModule.forRoot({ ...config, analyseAfterImport: false, scheduler: false }), { logger: ['error', 'warn'] });
}

/** A secret from the terminal without echo, or the first line of piped standard input. */
export async function readSecret(prompt: string): Promise<string> {
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
