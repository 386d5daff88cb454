import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { MIGRATIONS } from '../../migrations';
import { openDataSource } from '../../server/src/database/data-source';
import { generateSample } from '../../server/src/modules/sample/sample.generator';
import { ENGINES, freshDatabase } from '../support/engines';
import { writers } from '../support/formats';

const CLI = path.resolve(__dirname, '../../dist/server/src/cli.js');
const SERVER = path.resolve(__dirname, '../../dist/server/src/main.js');

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a Seam process to its end (a server: until it answers /api/health, then stopped), with what it printed. */
function runProcess(args: string[], env: NodeJS.ProcessEnv, serveOn?: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env, ...(serveOn ? { PORT: String(serveOn), HOST: '127.0.0.1' } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const read = (d: Buffer) => {
      output += d.toString();
      if (serveOn && output.includes('Seam is serving')) {
        fetch(`http://127.0.0.1:${serveOn}/api/health`)
          .then((r) => (r.ok ? child.kill('SIGTERM') : reject(new Error(`health answered ${r.status}`))))
          .catch(reject);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: serveOn && output.includes('Seam is serving') ? 0 : code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.each(ENGINES)('several Seam processes on one new %s database', (engine) => {
  it('start together: a server, `seam migrate` and `seam import` each migrate or wait, and every migration runs once', async () => {
    const db = await freshDatabase(engine, { SEAM_ANALYSE_AFTER_IMPORT: 'false' });
    const file = path.join(db.config.dataDir, 'night.jsonl');
    writers.jsonl(file, [...generateSample({ seed: 3, conversations: 20, end: Date.UTC(2025, 0, 1), days: 5 })]);
    try {
      const started = await Promise.all([runProcess([SERVER], db.env, await freePort()), runProcess([CLI, 'migrate'], db.env), runProcess([CLI, 'import', file], db.env)]);
      for (const p of started) expect({ code: p.code, output: p.output }).toEqual({ code: 0, output: expect.not.stringMatching(/duplicate key|already exists|SQLITE_BUSY|QueryFailedError/) });
      const ds = await openDataSource(db.config);
      try {
        const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[];
        expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.drop();
    }
  });
});
