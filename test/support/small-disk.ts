import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';

/**
 * A folder on a file system of its own, `mb` MiB large (a tmpfs): what is written there fills a real disk and
 * fails as a full one does (ENOSPC, SQLITE_FULL). Mounting needs root, as the tests run on CI.
 */
export function smallDisk(mb: number): { dir: string; remove(): void } {
  if (userInfo().uid !== 0) throw new Error('the full-disk test mounts a small tmpfs and must run as root (as CI does)');
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', dir]);
  return {
    dir,
    remove() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
