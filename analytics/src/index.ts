/** Seam's analytics: pure functions over texts and vectors; no I/O, no clock, no framework. */
export { charNgrams, normalizeText, words } from './text/tokenize';
export { rng } from './random';
export { DEFAULT_LEXICAL, deserializeLexical, embedLexical, fitLexical, serializeLexical, termCounts } from './embed/lexical';
export type { LexicalModel, LexicalOptions, SparseVector } from './embed/lexical';
export { clusterChoosingK, clusterLarge, kmeans, silhouette } from './cluster/kmeans';
export type { ChooseKOptions, KMeansResult } from './cluster/kmeans';
export { ari, clusteringAccuracy, hungarian, nmi } from './evaluate/clustering-metrics';
export { centroidOf, clusterKeywords, matchByOverlap, nearestCentroid, pca2, project2 } from './cluster/describe';
export { labelOf, lexiconSentiment } from './sentiment/lexicon-sentiment';
export type { EnglishLexicon, SentimentResult } from './sentiment/lexicon-sentiment';
export { sentimentTrajectory } from './sentiment/trajectory';
export type { SentimentTrajectory } from './sentiment/trajectory';
export { conversationFacts, handoffIndex } from './metrics/conversation-facts';
export type { ConversationFacts } from './metrics/conversation-facts';
export { DEFAULT_METRIC_OPTIONS } from './metrics/types';
export type { MetricConversation, MetricMessage, MetricOptions, OtherContact } from './metrics/types';
export { ASK_HUMAN_PATTERNS, asksForHuman, detectBreakdowns } from './breakdowns/detectors';
export type { Breakdown, BreakdownReason, Severity } from './breakdowns/detectors';
