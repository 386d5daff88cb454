/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula. Text written
 * to a CSV file gets a leading apostrophe there; text that already starts with apostrophes before such a
 * character gets one more, so that `unguardFormula` gives back exactly what was written.
 */
const GUARDED = /^'*[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return GUARDED.test(text) ? `'${text}` : text;
}

/** The text `guardFormula` was given. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && GUARDED.test(text) ? text.slice(1) : text;
}

/**
 * One CSV field (RFC 4180): text guarded against formulas (numbers are not: `-0.3` is a number, not a formula),
 * quoted when it holds a quote, a comma or a line break. Seam's export and the dashboard's table downloads both use it.
 */
export function csvField(value: string | number | null, isText = typeof value === 'string'): string {
  if (value === null) return '';
  const s = isText ? guardFormula(String(value)) : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
