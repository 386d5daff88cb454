/** How an intent moved over its trend: messages in the second half against the first (null with too little to say). */
export function trendChange(trend: { messages: number }[]): number | null {
  if (trend.length < 4) return null;
  const half = Math.floor(trend.length / 2);
  const a = trend.slice(0, half).reduce((s, d) => s + d.messages, 0);
  const b = trend.slice(half).reduce((s, d) => s + d.messages, 0);
  return a === 0 ? null : (b - a) / a;
}
