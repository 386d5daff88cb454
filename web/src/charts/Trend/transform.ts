/** Rows for the trend chart: one per period, with the rates as percentages (null stays a gap). */
export interface TrendPoint {
  period: string;
  conversations: number;
  deflection: number | null;
  escalation: number | null;
  repeat: number | null;
  sentiment: number | null;
}

export function trendRows(points: { period: string; conversations: number; deflectionRate: number | null; escalationRate: number | null; repeatContactRate: number | null; averageSentiment: number | null }[]): TrendPoint[] {
  const p = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  return points.map((x) => ({
    period: x.period,
    conversations: x.conversations,
    deflection: p(x.deflectionRate),
    escalation: p(x.escalationRate),
    repeat: p(x.repeatContactRate),
    sentiment: x.averageSentiment === null ? null : Math.round(x.averageSentiment * 100) / 100,
  }));
}
