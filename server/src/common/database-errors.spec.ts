import { QueryFailedError } from 'typeorm';
import { databaseUnavailable } from './database-errors';

const driver = (code: string, message = 'x') => new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('databaseUnavailable', () => {
  it('names PostgreSQL out of reach, shutting down or starting', () => {
    expect(databaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(
      'the database is unavailable (ECONNREFUSED); Seam answers again as soon as it is back',
    );
    expect(databaseUnavailable(driver('57P01'))).toMatch(/unavailable \(57P01\)/);
    expect(databaseUnavailable(driver('57P03'))).toMatch(/unavailable/);
    expect(databaseUnavailable(driver('08006'))).toMatch(/unavailable/);
    expect(databaseUnavailable(new Error('Connection terminated unexpectedly'))).toMatch(/unavailable \(Connection terminated unexpectedly\)/);
  });

  it('names a full disk and a locked or unreadable SQLite file', () => {
    expect(databaseUnavailable(driver('SQLITE_FULL'))).toMatch(/disk is full \(SQLITE_FULL\)/);
    expect(databaseUnavailable(Object.assign(new Error('no space left'), { code: 'ENOSPC' }))).toMatch(/full \(ENOSPC\)/);
    expect(databaseUnavailable(driver('SQLITE_BUSY'))).toMatch(/busy/);
    expect(databaseUnavailable(driver('SQLITE_IOERR_WRITE'))).toMatch(/cannot be written or read/);
  });

  it('leaves the request\'s own faults and anything else to the other answers', () => {
    expect(databaseUnavailable(driver('22P02'))).toBeNull();
    expect(databaseUnavailable(driver('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(databaseUnavailable(new Error('boom'))).toBeNull();
    expect(databaseUnavailable('text')).toBeNull();
  });
});
