/** How a customer's mood moves through one conversation: the scores of their messages in order. */
export interface SentimentTrajectory {
  start: number;
  end: number;
  min: number;
  /** The largest fall from an earlier message to a later one (0 when it never falls). */
  maxDrop: number;
}

export function sentimentTrajectory(scores: number[]): SentimentTrajectory | null {
  if (scores.length === 0) return null;
  let peak = scores[0];
  let maxDrop = 0;
  let min = scores[0];
  for (const s of scores) {
    if (s > peak) peak = s;
    if (peak - s > maxDrop) maxDrop = peak - s;
    if (s < min) min = s;
  }
  return { start: scores[0], end: scores[scores.length - 1], min, maxDrop };
}
