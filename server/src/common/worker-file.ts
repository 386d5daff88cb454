import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A worker thread's compiled file (`name`, e.g. `import.worker.js`) beside the module that starts it (`dir`,
 * `file`: its __dirname and __filename): there when Seam runs from `dist/`, and `dist/`'s copy when the module runs
 * from its TypeScript source (the tests; `npm test` builds first).
 */
export function workerFile(dir: string, file: string, name: string): string {
  const beside = path.join(dir, name);
  if (file.endsWith('.js')) return beside;
  let root = dir;
  while (!existsSync(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
  const built = path.join(root, 'dist', path.relative(root, beside));
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  return built;
}
