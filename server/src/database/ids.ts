import { createHash } from 'node:crypto';

/**
 * Deterministic 128-bit ids from the natural key of a row (source and external ids, or content), so that an
 * import knows every id without reading the database and a re-import of the same row maps to the same id.
 */
export function stableId(...parts: (string | number)[]): string {
  return createHash('sha1').update(parts.join('\u001f')).digest('hex').slice(0, 32);
}
