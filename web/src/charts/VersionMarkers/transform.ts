/** A bot version's marker on a chart of days or weeks: the bucket it went live in, and its name. */
export interface Marker {
  at: string;
  label: string;
}

/**
 * Places each version on the bucket (a day or a week, named by its first day `YYYY-MM-DD`) that holds the day it
 * went live; versions before the first bucket or after the last are not on the chart. Two versions in one bucket
 * share its marker.
 */
export function versionMarkers(buckets: string[], versions: { version: string; bot: string; releasedAt: string }[], bots = new Set(versions.map((v) => v.bot)).size): Marker[] {
  if (buckets.length === 0) return [];
  const sorted = [...buckets].sort();
  const byBucket = new Map<string, string[]>();
  for (const v of versions) {
    if (v.releasedAt < sorted[0]) continue;
    const next = sorted.findIndex((b) => b > v.releasedAt);
    if (next === -1 && v.releasedAt > lastDay(sorted)) continue;
    const bucket = next === -1 ? sorted[sorted.length - 1] : sorted[next - 1];
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), bots > 1 ? `${v.bot} ${v.version}` : `v${v.version}`]);
  }
  return [...byBucket].map(([at, labels]) => ({ at, label: labels.join(', ') })).sort((a, b) => a.at.localeCompare(b.at));
}

/** The last day the chart covers: its last bucket's day, or the week's end when buckets are a week apart. */
function lastDay(sorted: string[]): string {
  const last = Date.parse(sorted[sorted.length - 1]);
  const step = sorted.length > 1 ? last - Date.parse(sorted[sorted.length - 2]) : 86_400_000;
  return new Date(last + step - 86_400_000).toISOString().slice(0, 10);
}
