/** Node's codes for a connection that could not be made or was cut. */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** PostgreSQL's: a connection exception (class 08), the server shutting down or starting, too many connections. */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

/**
 * A failure of the database, not of the request: PostgreSQL stopped, restarting or out of reach, SQLite's disk
 * full or its file locked past the wait. The answer is a 503 that says which; the next request tries again (the
 * pool opens new connections once PostgreSQL is back, no restart needed).
 */
export function databaseUnavailable(exception: unknown): string | null {
  if (!(exception instanceof Error)) return null;
  const e = exception as Error & { code?: unknown; driverError?: { code?: unknown; message?: unknown } };
  const code = String(e.driverError?.code ?? e.code ?? '');
  const message = String(e.driverError?.message ?? e.message);
  if (CONNECTION_LOST.has(code) || PG_UNAVAILABLE.test(code) || /^Connection terminated|^timeout exceeded when trying to connect|Client has encountered a connection error/.test(message)) {
    return `the database is unavailable (${code || message}); Seam answers again as soon as it is back`;
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the disk Seam writes to is full (${code}): nothing stored was lost; free some space and try again`;
  if (code === 'SQLITE_FULL') return 'the database cannot write: the disk is full (SQLITE_FULL). Nothing stored was lost; free some space and try again';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return `the database is busy (${code}): another process held its write lock too long; try again`;
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') return `the database cannot be written or read (${code}): check its disk and file permissions`;
  return null;
}
