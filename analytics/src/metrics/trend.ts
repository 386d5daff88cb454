/** A count per UTC day (epoch ms of its midnight), as the database groups them. */
export interface DayCount {
  day: number;
  messages: number;
}

export type TrendBucket = 'day' | 'week';

export interface Trend {
  bucket: TrendBucket;
  /** First and last day the buckets cover (epoch ms of midnight UTC). */
  from: number;
  to: number;
  points: { day: string; messages: number }[];
}

const DAY_MS = 86_400_000;
/** Without a date range, the trend shows the last 90 days of data. */
const DEFAULT_TREND_DAYS = 90;
/** Up to this many days a trend is daily; longer ranges are weekly. */
const MAX_DAILY_DAYS = 92;

const midnight = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * The range a trend covers: the filter's (`fromMs` inclusive, `toMs` exclusive), or without one the last 90 days
 * that end at `data.last` (the data's last day), starting no earlier than `data.first`; never past `today`, so that
 * an export's invented future timestamps do not stretch it. Daily up to 92 days, weekly beyond (weeks start on Monday).
 */
export function trendRange(range: { fromMs?: number; toMs?: number }, data: { first: number; last: number }, today: number): { from: number; to: number; bucket: TrendBucket } {
  const to = midnight(Math.min(range.toMs !== undefined ? range.toMs - 1 : data.last, today));
  const from = range.fromMs !== undefined ? midnight(range.fromMs) : Math.min(to, Math.max(midnight(data.first), to - (DEFAULT_TREND_DAYS - 1) * DAY_MS));
  const bucket = (to - from) / DAY_MS + 1 > MAX_DAILY_DAYS ? 'week' : 'day';
  return { from: bucket === 'week' ? weekStart(from) : from, to, bucket };
}

function weekStart(day: number): number {
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/** The counts of `days` (sorted or not) in every bucket of the range, zeros included. */
export function trendOf(days: DayCount[], range: { from: number; to: number; bucket: TrendBucket }): Trend {
  const step = range.bucket === 'week' ? 7 * DAY_MS : DAY_MS;
  const points: { day: string; messages: number }[] = [];
  for (let t = range.from; t <= range.to; t += step) points.push({ day: new Date(t).toISOString().slice(0, 10), messages: 0 });
  for (const d of days) {
    if (d.day < range.from || d.day > range.to) continue;
    points[Math.floor((d.day - range.from) / step)].messages += d.messages;
  }
  return { bucket: range.bucket, from: range.from, to: range.to, points };
}
