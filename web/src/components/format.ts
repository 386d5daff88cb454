export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
export const signed = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms < 2 * 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} days`;
}
export const REASON_LABELS: Record<string, string> = {
  asked_for_human: 'Asked for a human',
  fallback_loop: 'Bot fallback loop',
  repeated_question: 'Customer repeated the question',
  context_lost: 'Context lost at handoff',
  sentiment_drop: 'Sentiment dropped',
  ended_negative: 'Ended negative',
  long_wait_after_handoff: 'Long wait after handoff',
  ping_pong: 'Bot ↔ agent ping-pong',
  repeat_after_bot_resolved: 'Came back after the bot "resolved" it',
  abandoned_after_handoff: 'Abandoned after handoff',
};
