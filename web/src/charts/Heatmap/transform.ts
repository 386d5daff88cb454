/** The intent × reason matrix as rows of cells, the first `maxRows` intents, each cell with its shade (0 to 1). */
export interface HeatCell {
  reason: string;
  count: number;
  intentId: number | null;
  /** Share of the largest cell, for the colour. */
  shade: number;
}

export function heatRows(matrix: { intentId: number | null; intent: string; reason: string; conversations: number }[], reasons: string[], maxRows = 15): { intent: string; cells: HeatCell[] }[] {
  const intents = [...new Set(matrix.map((m) => m.intent))].slice(0, maxRows);
  const max = Math.max(1, ...matrix.map((m) => m.conversations));
  const byKey = new Map(matrix.map((m) => [`${m.intent}\u0000${m.reason}`, m]));
  return intents.map((intent) => ({
    intent,
    cells: reasons.map((reason) => {
      const m = byKey.get(`${intent}\u0000${reason}`);
      const count = m?.conversations ?? 0;
      return { reason, count, intentId: m?.intentId ?? null, shade: count / max };
    }),
  }));
}
