import { hostname } from 'node:os';

/** This process as runs and parts record who works on them: `host:pid`. */
export const PROCESS_NAME = `${hostname()}:${process.pid}`;

/**
 * Whether the process a run names (`host:pid`) may still be working on it: one on another host always may (its
 * heartbeat tells), one on this host only when its pid is alive.
 */
export function isAlive(owner: string): boolean {
  const [host, pid] = [owner.slice(0, owner.lastIndexOf(':')), Number(owner.slice(owner.lastIndexOf(':') + 1))];
  if (host !== hostname()) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
