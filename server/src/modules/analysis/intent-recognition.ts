import { Injectable } from '@nestjs/common';
import { Act, actDetector, isFallbackIntentName } from '../../../../analytics/src/intents/acts';
import { resolveMerged } from '../../../../analytics/src/intents/assign';
import { trainKnownIntents } from '../../../../analytics/src/intents/known';
import { classifyTexts } from '../../../../analytics/src/intents/pipeline';
import { BotRepository } from '../bot/bot.repository';
import { DistinctText, SpaceRow } from './analysis-rows';
import { IntentsRepository } from './intents.repository';
import { VectorsRepository } from './vectors.repository';
import { textHash } from '../../../../analytics/src/intents/candidates';
import type { EmbeddingEngine } from '../models/engines';

/** Training examples a run uses at most (a bot's definition has hundreds to a few thousand). */
const MAX_EXAMPLES = 20_000;

export interface Covered {
  intentId: number;
  confidence: number;
  botVersionId: number;
}

export interface Recognition {
  acts: (Act | null)[];
  /** Texts the bot's intents cover (by index), with the intent they go to (managers' merges followed). */
  covered: Map<number, Covered>;
  /** Texts that are neither acts nor covered: what discovery works on. */
  uncovered: number[];
  /** The bot's intents as Seam's intents (id → the bot's name for it), the active ones of the current versions. */
  botIntents: Map<number, string>;
}

/**
 * The first steps of what the analysis makes of each distinct customer text (analytics' classifyTexts): a
 * conversation act, else the bot's intent that covers it (trained on the current version of each bot's definition).
 * Each of the bot's intents is one of Seam's intents (origin `bot`), kept by the bot's intent id across versions.
 */
@Injectable()
export class IntentRecognition {
  constructor(
    private readonly bot: BotRepository,
    private readonly intents: IntentsRepository,
    private readonly vectors: VectorsRepository,
  ) {}

  /** The training phrases the analysis's space should know the words of (the lexical space is fitted with them). */
  async exampleTexts(): Promise<string[]> {
    return (await this.bot.currentExamples()).map((e) => e.text);
  }

  async recognise(space: SpaceRow & { engine_: EmbeddingEngine }, texts: DistinctText[], vectors: Float32Array): Promise<Recognition> {
    const examples = await this.bot.currentExamples();
    const detectAct = actDetector(examples.flatMap((e) => (e.act ? [{ act: e.act as Act, text: e.text }] : [])));
    const training = examples.filter((e) => !e.act && e.text.trim() !== '' && !isFallbackIntentName(e.intent)).slice(0, MAX_EXAMPLES);
    const known = training.length > 0 ? trainKnownIntents(training.map((e) => String(e.intentId)), await this.exampleVectors(space, training.map((e) => e.text)), space.dims) : null;
    const result = classifyTexts({ texts: texts.map((t) => t.text), vectors, dims: space.dims, detectAct, known });
    // A text emptied by retention keeps the act it was found to be.
    const acts = result.acts.map((a, i) => (texts[i].text === '' ? ((texts[i].act as Act | null) ?? null) : a));
    const botIntents = await this.syncBotIntents(space, examples, known);
    const merged = await this.intents.mergedInto();
    const byBotIntent = new Map([...botIntents.entries()].map(([id, info]) => [info.botIntentId, id]));
    const versionOf = new Map(examples.map((e) => [e.intentId, e.versionId]));
    const covered = new Map<number, Covered>();
    result.recognised.forEach((r, i) => {
      if (!r?.covered || acts[i] !== null) return;
      const botIntentId = Number(known!.names[r.nearest]);
      const intentId = byBotIntent.get(botIntentId);
      if (intentId === undefined) return;
      covered.set(i, { intentId: resolveMerged(intentId, merged), confidence: r.confidence, botVersionId: versionOf.get(botIntentId)! });
    });
    const uncovered = texts.flatMap((_, i) => (acts[i] === null && !covered.has(i) ? [i] : []));
    return { acts, covered, uncovered, botIntents: new Map([...botIntents.entries()].map(([id, info]) => [id, info.name])) };
  }

  /** The examples' vectors in the run's space: from the vector cache, embedding (and caching) the ones it lacks. */
  private async exampleVectors(space: SpaceRow & { engine_: EmbeddingEngine }, texts: string[]): Promise<Float32Array> {
    const hashes = texts.map(textHash);
    const cached = await this.vectors.vectors(space.id, [...new Set(hashes)]);
    const missing = [...new Map(texts.map((t, i) => [hashes[i], t] as const).filter(([h]) => !cached.has(h))).entries()];
    if (missing.length > 0) {
      const embedded = await space.engine_.embed(missing.map(([, t]) => t));
      const rows = missing.map(([hash], j) => ({ hash, vector: embedded.slice(j * space.dims, (j + 1) * space.dims) }));
      await this.vectors.saveVectors(space.id, rows);
      for (const r of rows) cached.set(r.hash, r.vector);
    }
    const out = new Float32Array(texts.length * space.dims);
    hashes.forEach((h, i) => out.set(cached.get(h)!, i * space.dims));
    return out;
  }

  /**
   * One of Seam's intents for each intent of the bots' current versions (act intents excepted): created the first
   * time, brought back if a version had dropped it, its centroid the bot's examples' in this space; intents of the
   * bot that the current versions no longer have are retired. A manager's name or merge stays.
   */
  private async syncBotIntents(
    space: SpaceRow,
    examples: { intentId: number; intent: string; act: string | null; bot: string }[],
    known: { names: string[]; centroids: Float32Array; dims: number } | null,
  ): Promise<Map<number, { botIntentId: number; name: string }>> {
    const current = new Map<number, string>();
    const bots = new Set(examples.map((e) => e.bot));
    for (const e of examples) if (!e.act && !isFallbackIntentName(e.intent)) current.set(e.intentId, bots.size > 1 ? `${e.bot}: ${e.intent}` : e.intent);
    const rows = (await this.intents.intents(null, ['active', 'retired', 'merged', 'dismissed'])).filter((r) => r.origin === 'bot');
    const out = new Map<number, { botIntentId: number; name: string }>();
    for (const row of rows) {
      if (row.botIntentId === null) continue;
      if (!current.has(row.botIntentId)) {
        if (row.status === 'active') await this.intents.updateIntent(row.id, { status: 'retired', size: 0 });
        continue;
      }
      const name = current.get(row.botIntentId)!;
      const centroid = centroidFor(known, row.botIntentId);
      await this.intents.updateIntent(row.id, { label: name, spaceId: space.id, ...(row.status === 'retired' && { status: 'active' }), ...(centroid && { centroid }) });
      out.set(row.id, { botIntentId: row.botIntentId, name });
      current.delete(row.botIntentId);
    }
    for (const [botIntentId, name] of current) {
      const centroid = centroidFor(known, botIntentId) ?? new Float32Array(space.dims);
      const id = await this.intents.createIntent({
        spaceId: space.id, label: name, customLabel: null, keywords: [], examples: [], size: 0, centroid, x: null, y: null, status: 'active', mergedInto: null, locked: true,
        origin: 'bot', botIntentId,
      });
      out.set(id, { botIntentId, name });
    }
    return out;
  }
}

function centroidFor(known: { names: string[]; centroids: Float32Array; dims: number } | null, botIntentId: number): Float32Array | null {
  const at = known?.names.indexOf(String(botIntentId)) ?? -1;
  return at >= 0 ? known!.centroids.slice(at * known!.dims, (at + 1) * known!.dims) : null;
}
