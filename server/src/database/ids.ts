import { hash } from 'node:crypto';

function sha1hex(parts: (string | number)[]): string {
  return hash('sha1', parts.join('\u001f'), 'hex');
}

/**
 * Deterministic 128-bit ids from the natural key of a row (source and external ids, or content), so that an
 * import knows every id without reading the database and a re-import of the same row maps to the same id.
 */
export function stableId(...parts: (string | number)[]): string {
  return sha1hex(parts).slice(0, 32);
}

/**
 * A message id starts with its conversation's id, so that one conversation's messages sit side by side in
 * the primary-key index: imports (which read a conversation's messages together) touch few index pages.
 */
export function messageId(conversationId: string, ...parts: (string | number)[]): string {
  return conversationId.slice(0, 16) + sha1hex(parts).slice(0, 16);
}
