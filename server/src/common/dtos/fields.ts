import { SeamErrorCode, SeamException } from '../seam.exception';

/** The checks of a configuration object sent as JSON (a source, an alert channel): `where` names what is checked. */
export type Input = Record<string, unknown>;

export function invalid(where: string, field: string, message: string): never {
  throw new SeamException(SeamErrorCode.Invalid, `${where}: ${field}: ${message}`, { field });
}

/** A non-empty string of at most `max` characters without NUL, or undefined when absent and not required. */
export function text(input: Input, where: string, field: string, options: { max: number; required?: boolean; prefix?: string }): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) {
    if (options.required) invalid(where, `${options.prefix ?? ''}${field}`, 'is required');
    return undefined;
  }
  if (typeof v !== 'string' || v.trim() === '' || v.length > options.max || v.includes('\0')) {
    invalid(where, `${options.prefix ?? ''}${field}`, `must be a non-empty string of at most ${options.max} characters`);
  }
  return v;
}

/** No field but the allowed ones. */
export function only(input: Input, where: string, allowed: string[], prefix = ''): void {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) invalid(where, `${prefix}${key}`, `is not a field here (use ${allowed.join(', ')})`);
}
