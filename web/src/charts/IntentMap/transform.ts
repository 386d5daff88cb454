/** Map points grouped by intent (one Recharts series each), the largest intents first, the rest as "other". */
export interface MapPoint {
  x: number;
  y: number;
  text: string;
  count: number;
}

export function mapSeries(points: { x: number; y: number; intentId: number | null; text: string; count: number }[], labels: Map<number, string>, top = 12): { id: number | null; label: string; points: MapPoint[] }[] {
  const groups = new Map<number | null, MapPoint[]>();
  for (const p of points) groups.set(p.intentId, [...(groups.get(p.intentId) ?? []), { x: p.x, y: p.y, text: p.text, count: p.count }]);
  const ranked = [...groups.entries()].sort((a, b) => b[1].reduce((s, p) => s + p.count, 0) - a[1].reduce((s, p) => s + p.count, 0));
  const head = ranked.slice(0, top).map(([id, pts]) => ({ id, label: id === null ? 'no intent' : labels.get(id) ?? `intent ${id}`, points: pts }));
  const rest = ranked.slice(top).flatMap(([, pts]) => pts);
  return rest.length > 0 ? [...head, { id: null, label: 'other intents', points: rest }] : head;
}

export const PALETTE = ['#2563eb', '#16a34a', '#ea580c', '#7c3aed', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#4f46e5', '#059669', '#9333ea', '#b45309', '#94a3b8'];
