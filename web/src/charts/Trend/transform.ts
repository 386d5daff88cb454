/** Rows for the trend chart: one per period, with the rates as percentages (null stays a gap). */
export interface TrendPoint {
  period: string;
  conversations: number;
  deflection: number | null;
  escalation: number | null;
  repeat: number | null;
  sentiment: number | null;
}

/**
 * Deflection is known once a conversation's repeat window has passed: a day whose conversations are mostly still
 * pending (fewer than MIN_DECIDED, or under a fifth of the bot's) shows no deflection rather than the rate of a few.
 */
const MIN_DECIDED = 5;

export function trendRows(
  points: { period: string; conversations: number; deflectionRate: number | null; escalationRate: number | null; repeatContactRate: number | null; averageSentiment: number | null; botEngaged?: number; deflectionPending?: number }[],
): TrendPoint[] {
  const p = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  const decided = (x: { botEngaged?: number; deflectionPending?: number }) => x.botEngaged === undefined || x.deflectionPending === undefined || (x.botEngaged - x.deflectionPending >= MIN_DECIDED && x.botEngaged - x.deflectionPending >= x.botEngaged / 5);
  return points.map((x) => ({
    period: x.period,
    conversations: x.conversations,
    deflection: decided(x) ? p(x.deflectionRate) : null,
    escalation: p(x.escalationRate),
    repeat: p(x.repeatContactRate),
    sentiment: x.averageSentiment === null ? null : Math.round(x.averageSentiment * 100) / 100,
  }));
}
