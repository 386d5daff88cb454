import { dictionary } from '@zxcvbn-ts/language-common';

const MIN_PASSWORD = 10;
const MAX_PASSWORD = 1000;

/** The common-password list zxcvbn ships (about 49,000 leaked passwords), read once, offline. */
let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

/** Why a password may not be used, or null: length, the user name, one repeated character, a common password. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) return `${MIN_PASSWORD} to ${MAX_PASSWORD} characters`;
  const lower = password.toLowerCase();
  if (lower.includes(username.toLowerCase()) && username.length >= 3) return 'it must not contain the user name';
  if (new Set(password).size === 1) return 'it is one character repeated';
  if (commonPasswords().has(lower)) return 'it is on a list of common passwords';
  return null;
}
