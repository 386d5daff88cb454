import type { MessageEvent, MessageRole } from '#contracts';

/** One message as the metrics and detectors see it. */
export interface MetricMessage {
  id: string;
  role: MessageRole;
  /** Epoch ms. */
  at: number;
  text: string;
  event: MessageEvent | null;
  eventValue: number | null;
  /** Customer messages that were analysed: [-1, 1]. */
  sentiment: number | null;
  /** With a transformer model: cosine to the nearest way of asking for a person (semantic-signals.ts). */
  humanSimilarity?: number | null;
  /** With a transformer model: the earlier customer turn closest in meaning, and how close. */
  repeatOf?: string | null;
  repeatSimilarity?: number | null;
}

export interface MetricConversation {
  id: string;
  customerId: string | null;
  intentId: number | null;
  /** Messages in order. */
  messages: MetricMessage[];
}

/** Another conversation of the same customer, for repeat contacts. */
export interface OtherContact {
  id: string;
  startedAt: number;
  intentId: number | null;
}

export interface MetricOptions {
  /** A return of the same customer within this many ms after the end counts as a repeat contact (default 7 days). */
  repeatWindowMs: number;
  /** The latest timestamp in the data: a conversation whose repeat window is still open is not yet judged deflected. */
  dataEnd: number;
  /** Wait after a handoff before an agent answers that counts as long (default 5 minutes). */
  longWaitMs: number;
  /** A fall in customer sentiment this large is a drop (default 0.5 on [-1, 1]). */
  sentimentDrop: number;
  /** A conversation whose last customer sentiment is below this ends negative (default -0.3). */
  negativeEnd: number;
  /** A customer turn this close (cosine) to a way of asking for a person asks for one (default 0.75). */
  humanSimilarity: number;
  /** A customer turn this close (cosine) to an earlier one repeats it (default 0.85). */
  repeatSimilarity: number;
}

export const DEFAULT_METRIC_OPTIONS: Omit<MetricOptions, 'dataEnd'> = {
  repeatWindowMs: 7 * 86_400_000,
  longWaitMs: 5 * 60_000,
  sentimentDrop: 0.5,
  negativeEnd: -0.3,
  humanSimilarity: 0.75,
  repeatSimilarity: 0.85,
};
