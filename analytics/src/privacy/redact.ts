/**
 * PII redaction before text reaches storage or a model: e-mail addresses, phone numbers (international,
 * North American, UK, Chinese mobile), payment card numbers (Luhn-checked), IBANs (mod-97 checked), Chinese
 * resident ID numbers (checksum), and patterns a team adds (order numbers, account ids). Each match becomes a
 * typed placeholder such as `<EMAIL>`; amounts, dates, times and ordinary numbers are left alone.
 */
export interface RedactionPattern {
  /** The placeholder name: `ORDER` gives `<ORDER>`. */
  name: string;
  pattern: RegExp;
}

export interface Redacted {
  text: string;
  /** How many of each kind were replaced. */
  counts: Record<string, number>;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function chineseIdValid(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
/** Digits after a decimal point (a score such as -0.1234567890123456) or before one are a number's, never an id. */
const CN_ID = /(?<!\d|\d[.,])\d{17}[\dXx](?!\d|[.,]\d)/g;
/** 13 to 19 digits, optionally grouped by single spaces or dashes. */
const CARD = /(?<![\d-]|\d[.,])\d(?:[ -]?\d){12,18}(?![\d-]|[.,]\d)/g;
/** Chinese mobile: 1[3-9] and nine more digits, optionally +86 and separated 3-4-4. */
const CN_MOBILE = /(?<!\d|\d[.,])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d|[.,]\d)/g;
/** Numbers written with a +country code: matched before cards, whose digit runs they can look like. */
const PHONE_INTERNATIONAL = /(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])/g;
/** National shapes: (415) 555-2671, 415-555-2671, 415.555.2671, 020 7946 0958, 0161 496 0000, 07700 900123. */
const PHONE_NATIONAL = /(?<![\w+])(?:\(\d{3}\)[ .-]?\d{3}[ .-]?\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0\d{2}[ ]\d{4}[ ]\d{4}|0\d{3,4}[ ]\d{3}[ ]\d{3,4}|0\d{4}[ ]?\d{6})(?![\w])/g;

function replace(text: string, re: RegExp, name: string, counts: Record<string, number>, check?: (m: string) => boolean): string {
  return text.replace(re, (m) => {
    if (check && !check(m)) return m;
    counts[name] = (counts[name] ?? 0) + 1;
    return `<${name}>`;
  });
}

export function redact(text: string, extra: RedactionPattern[] = []): Redacted {
  const counts: Record<string, number> = {};
  const configured = (t: string) =>
    extra.reduce((acc, p) => replace(acc, new RegExp(p.pattern.source, p.pattern.flags.includes('g') ? p.pattern.flags : `${p.pattern.flags}g`), p.name.toUpperCase(), counts), t);
  // Most messages hold neither an @ nor a digit: none of the built-in kinds can match them.
  const hasAt = text.includes('@');
  if (!hasAt && !/\d/.test(text)) return { text: configured(text), counts };
  let out = text;
  if (hasAt) out = replace(out, EMAIL, 'EMAIL', counts);
  out = replace(out, IBAN, 'IBAN', counts, (m) => ibanValid(m));
  out = replace(out, CN_ID, 'ID_NUMBER', counts, chineseIdValid);
  out = replace(out, PHONE_INTERNATIONAL, 'PHONE', counts, (m) => m.replace(/\D/g, '').length >= 9);
  out = replace(out, CN_MOBILE, 'PHONE', counts);
  out = replace(out, CARD, 'CARD', counts, (m) => luhnValid(m.replace(/[ -]/g, '')));
  out = replace(out, PHONE_NATIONAL, 'PHONE', counts);
  return { text: configured(out), counts };
}
