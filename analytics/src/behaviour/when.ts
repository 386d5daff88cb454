import { median } from '../metrics/stats';

/** Weekdays as the grid shows them: Monday first (ISO 8601). */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const QUARTER_HOUR = 15 * 60_000;

/**
 * The local weekday (0 = Monday) and hour of epoch milliseconds in an IANA time zone. Every time zone's offset is a
 * whole number of quarter hours, so one quarter hour shares its answer: it is computed once per quarter hour seen.
 */
export function localClock(timeZone: string): (ms: number) => { weekday: number; hour: number } {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  const cache = new Map<number, { weekday: number; hour: number }>();
  return (ms) => {
    const key = Math.floor(ms / QUARTER_HOUR);
    let v = cache.get(key);
    if (!v) {
      const parts = format.formatToParts(new Date(key * QUARTER_HOUR));
      const weekday = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')!.value as (typeof WEEKDAYS)[number]);
      const hour = Number(parts.find((p) => p.type === 'hour')!.value) % 24;
      v = { weekday, hour };
      if (cache.size > 100_000) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}

/** Whether a time zone is one the runtime knows (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export interface GridCell {
  weekday: number;
  hour: number;
  conversations: number;
  /** Handed to a person, of the conversations the bot engaged. */
  escalationRate: number | null;
  /** Deflected, of the engaged conversations whose deflection is decided. */
  deflectionRate: number | null;
}

export interface HourFigure {
  hour: number;
  conversations: number;
  handoffs: number;
  /** Median first agent reply after a handoff, for conversations started in that hour. */
  firstResponseMedianMs: number | null;
}

export interface WhenGrid {
  timeZone: string;
  cells: GridCell[];
  hours: HourFigure[];
  /** The cell with the most conversations (ties: the earliest in the week). */
  peak: GridCell | null;
}

/**
 * Conversations counted per quarter hour (UTC) of their start: what a database sums in one pass, and all the grid
 * needs in any time zone (every zone's offset is a whole number of quarter hours).
 */
export interface QuarterCounts {
  /** Epoch ms / 15 min, floored. */
  quarter: number;
  conversations: number;
  engaged: number;
  /** Handed over, of the engaged. */
  escalated: number;
  /** Engaged with their deflection decided, and of them deflected. */
  decided: number;
  deflected: number;
  /** Handed over, engaged or not (for the hours' handoffs). */
  handoffs: number;
}

/** First agent replies after a handoff: when the conversation started, and the reply's delay. */
export interface Reply {
  startedAt: number;
  ms: number;
}

/**
 * Conversations by weekday × hour in `timeZone` (every cell, empty ones too), with escalation and deflection on the
 * same grid, from quarter-hour counts: each quarter hour goes to the local weekday and hour it falls in.
 */
export function whenGrid(quarters: QuarterCounts[], replies: Reply[], timeZone: string): WhenGrid {
  const clock = localClock(timeZone);
  const cells = Array.from({ length: 7 * 24 }, (_, i) => ({ weekday: Math.floor(i / 24), hour: i % 24, n: 0, engaged: 0, escalated: 0, decided: 0, deflected: 0 }));
  const hourHandoffs = new Array<number>(24).fill(0);
  for (const q of quarters) {
    const { weekday, hour } = clock(q.quarter * QUARTER_HOUR);
    const cell = cells[weekday * 24 + hour];
    cell.n += q.conversations;
    cell.engaged += q.engaged;
    cell.escalated += q.escalated;
    cell.decided += q.decided;
    cell.deflected += q.deflected;
    hourHandoffs[hour] += q.handoffs;
  }
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  for (const r of replies) byHour[clock(r.startedAt).hour].push(r.ms);
  const out = cells.map((c) => ({
    weekday: c.weekday,
    hour: c.hour,
    conversations: c.n,
    escalationRate: c.engaged > 0 ? c.escalated / c.engaged : null,
    deflectionRate: c.decided > 0 ? c.deflected / c.decided : null,
  }));
  const hours = byHour.map((r, hour) => ({ hour, conversations: cells.filter((c) => c.hour === hour).reduce((s, c) => s + c.n, 0), handoffs: hourHandoffs[hour], firstResponseMedianMs: median(r) }));
  const peak = out.reduce<GridCell | null>((best, c) => (c.conversations > 0 && (!best || c.conversations > best.conversations) ? c : best), null);
  return { timeZone, cells: out, hours, peak };
}
