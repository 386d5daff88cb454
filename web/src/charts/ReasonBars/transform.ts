/** One bar a breakdown reason, with the label people read. */
export interface ReasonBar {
  reason: string;
  label: string;
  conversations: number;
}

export function reasonBars<T extends { reason: string; conversations: number }>(reasons: T[], labels: Record<string, string>): (T & { label: string })[] {
  return reasons.map((r) => ({ ...r, label: labels[r.reason] ?? r.reason }));
}

/** The chart's height: room for every bar, never less than 200 px. */
export function barsHeight(count: number): number {
  return Math.max(200, count * 36);
}
