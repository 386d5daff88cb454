/**
 * The period alerts look at and its baseline, in the team's time zone: `day` is the last complete day before the
 * newest conversation against the same weekday of the four weeks before; `week` the last complete week (Monday to
 * Sunday) against the four weeks before it. A range is [start, end) in epoch ms; a day across a change of clocks
 * is 23 or 25 hours long.
 */

export type AlertPeriod = 'day' | 'week';
export const BASELINE_PERIODS = 4;

export interface Range {
  start: number;
  end: number;
}

function parts(ms: number, timeZone: string): { y: number; m: number; d: number; offset: number } {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return { y: p.year, m: p.month, d: p.day, offset: asUtc - Math.floor(ms / 1000) * 1000 };
}

/** The calendar day of epoch ms in a time zone. */
export function localDay(ms: number, timeZone: string): { y: number; m: number; d: number } {
  const { y, m, d } = parts(ms, timeZone);
  return { y, m, d };
}

/** Epoch ms of the local midnight that starts calendar day (y, m, d) — d may overflow its month either way. */
export function localMidnight(y: number, m: number, d: number, timeZone: string): number {
  const utc = Date.UTC(y, m - 1, d);
  // The offset at midnight can differ from the offset a few hours away (a change of clocks): settle it in two steps.
  let guess = utc - parts(utc, timeZone).offset;
  guess = utc - parts(guess, timeZone).offset;
  return guess;
}

/** The period that ended last before `dataEnd` (the newest conversation's start), and its baseline periods, newest first. */
export function alertPeriods(dataEnd: number, period: AlertPeriod, timeZone: string): { current: Range; baseline: Range[] } {
  const { y, m, d } = parts(dataEnd, timeZone);
  let end = localMidnight(y, m, d, timeZone);
  let length = 1;
  if (period === 'week') {
    // Back to the Monday that starts this week.
    const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
    end = localMidnight(y, m, d - weekday, timeZone);
    length = 7;
  }
  const e = parts(end + 12 * 3_600_000, timeZone);
  const range = (daysBack: number): Range => ({ start: localMidnight(e.y, e.m, e.d - daysBack - length, timeZone), end: localMidnight(e.y, e.m, e.d - daysBack, timeZone) });
  // A day is compared with the same weekday of the weeks before; a week with the weeks before.
  const step = 7;
  return { current: range(0), baseline: Array.from({ length: BASELINE_PERIODS }, (_, k) => range(step * (k + 1))) };
}
