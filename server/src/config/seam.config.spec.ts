import { ConfigError, loadConfig } from './seam.config';

describe('loadConfig', () => {
  it('defaults to an embedded SQLite file under ./data', () => {
    const config = loadConfig({});
    expect(config.dbType).toBe('sqlite');
    expect(config.sqlitePath).toMatch(/data[\\/]seam\.sqlite$/);
    expect(config.port).toBe(3000);
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@localhost/seam' });
    expect(config.dbType).toBe('postgres');
  });

  it('keeps text forever unless a retention period longer than the repeat window is set', () => {
    expect(loadConfig({}).retentionDays).toBeNull();
    expect(loadConfig({ SEAM_RETENTION_DAYS: '90' }).retentionDays).toBe(90);
    expect(() => loadConfig({ SEAM_RETENTION_DAYS: '7' })).toThrow(/SEAM_RETENTION_DAYS \(7\) must be longer than the repeat-contact window/);
    expect(() => loadConfig({ SEAM_RETENTION_DAYS: 'a year' })).toThrow(/SEAM_RETENTION_DAYS must be a whole number/);
  });

  it('names the variable and value it refuses', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT must be a whole number from 1 to 65535, got "eighty"'));
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
  });

  it('reads extra redaction patterns and refuses broken ones by name', () => {
    const config = loadConfig({ SEAM_REDACT_PATTERNS: '{"order": "order\\\\s*#?\\\\d{5,}"}' });
    expect(config.redact).toBe(true);
    expect(config.redactPatterns.map((p) => p.name)).toEqual(['ORDER']);
    expect(config.redactPatterns[0].pattern.test('Order #123456')).toBe(true);
    expect(() => loadConfig({ SEAM_REDACT_PATTERNS: '{"bad": "("}' })).toThrow(/"bad" is not a valid regular expression/);
    expect(() => loadConfig({ SEAM_REDACT_PATTERNS: '[1]' })).toThrow(/JSON object/);
    expect(loadConfig({ SEAM_REDACT: 'false' }).redact).toBe(false);
  });
});
