import { Injectable } from '@nestjs/common';
import { centroidOf, clusterKeywords, hungarian, matchByOverlap, nearestCentroid, pca2, project2 } from '../../../../analytics/src';
import { intentLabel, keepLocked, needsRecluster, representativeExamples, resolveMerged } from '../../../../analytics/src/intents/assign';
import { phraseLabel } from '../../../../analytics/src/intents/label';
import { candidateOfReply, discoverIntents, joinNearest, openingText, scriptOfTexts } from '../../../../analytics/src/intents/pipeline';
import { scriptOf } from '../../../../analytics/src/text/tokenize';
import type { EmbeddingEngine } from '../models/engines';
import { DistinctText, SpaceRow } from './analysis-rows';
import { ConversationAnalysisRepository } from './conversation-analysis.repository';
import { IntentRecognition } from './intent-recognition';
import { IntentsRepository } from './intents.repository';
import { VectorsRepository } from './vectors.repository';

const UNCLEAR_LABEL = 'Unclear: fits no candidate';

/**
 * How many of a conversation's first customer texts are read to find the one it opens with (the first that is not
 * an act): a conversation that opens with more acts than this ("hi", "hello?", "anyone there?", "??", …) opens
 * with none, and its texts join the candidates of the others.
 */
const OPENING_TURNS = 5;

/**
 * Intents of a run: what each distinct text is (IntentRecognition: an act, else the bot's intent that covers it),
 * candidates discovered among the rest (keeping ids, managers' merges, locks and dismissals), the texts that fit
 * none (Unclear), and what each intent looks like (keywords, examples, label, map position). The rules are
 * analytics' (intents/); this is their persistence.
 */
@Injectable()
export class IntentDiscovery {
  constructor(
    private readonly intents: IntentsRepository,
    private readonly vectors: VectorsRepository,
    private readonly recognition: IntentRecognition,
    private readonly conversations: ConversationAnalysisRepository,
  ) {}

  /**
   * What each distinct text is (IntentRecognition: an act, else the bot's intent that covers it), then candidate
   * intents among the rest (discover), and what the intents look like (describeIntents).
   */
  async assign(space: SpaceRow & { engine_: EmbeddingEngine }, texts: DistinctText[], vectors: Float32Array, recluster: boolean): Promise<{ intents: number; reclustered: boolean; changed: string[] }> {
    const dims = space.dims;
    const { acts, covered, uncovered, botIntents } = await this.recognition.recognise(space, texts, vectors);
    const subVectors = new Float32Array(uncovered.length * dims);
    uncovered.forEach((i, j) => subVectors.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims));
    const actHashes = new Set(texts.flatMap((t, i) => (acts[i] === null ? [] : [t.hash])));
    let read: Promise<Map<string, string | null>> | null = null;
    const openings = () => (read ??= this.conversations.openingTurns(OPENING_TURNS).then((rows) => new Map(rows.map((c) => [c.conversationId, openingText(c.hashes, (hash) => actHashes.has(hash))]))));
    const { assignment: discovered, full } = await this.discover(space, uncovered.map((i) => texts[i]), subVectors, recluster, openings);
    const assignment: (number | null)[] = texts.map((_, i) => covered.get(i)?.intentId ?? null);
    uncovered.forEach((i, j) => (assignment[i] = discovered[j]));
    const changes = texts.flatMap((t, i) => {
      const act = acts[i];
      const intentId = assignment[i];
      const c = covered.get(i);
      // Unchanged texts are not written again (a covered one is, when another bot version recognised it).
      if (t.intentId === intentId && t.act === act && t.unassigned === 0 && t.botVersionId === (c?.botVersionId ?? null)) return [];
      return [{ hash: t.hash, intentId, act, confidence: c?.confidence ?? null, botVersionId: c?.botVersionId ?? null }];
    });
    await this.intents.assignIntents(changes);
    const content = texts.flatMap((_, i) => (assignment[i] === null ? [] : [i]));
    const opening = new Set((await openings()).values());
    await this.describeIntents(space, texts, vectors, content, content.map((i) => assignment[i]!), botIntents, (i) => opening.has(texts[i].hash));
    return { intents: new Set(content.map((i) => assignment[i])).size, reclustered: full, changed: changes.map((c) => c.hash) };
  }

  /**
   * Candidate intents among the texts the bot does not cover: new texts join the candidates there are (nearest
   * centroid), or all are clustered again (asked, or too much is new) keeping ids by overlap, merges and the
   * texts of locked intents. The bot's intents take no part.
   */
  private async discover(space: SpaceRow, texts: DistinctText[], vectors: Float32Array, recluster: boolean, openings: () => Promise<Map<string, string | null>>): Promise<{ assignment: number[]; full: boolean }> {
    // Texts a manager merged into one of the bot's intents stay with it: discovery works on the others.
    const merged = await this.intents.mergedInto();
    const targets = new Set(merged.values());
    const pinnedTo = new Set((await this.intents.intents(null)).filter((i) => i.origin === 'bot' && targets.has(i.id)).map((i) => i.id));
    const pinned = texts.map((t) => (t.intentId === null ? null : resolveMerged(t.intentId, merged))).map((id) => (id !== null && pinnedTo.has(id) ? id : null));
    const free = texts.flatMap((_, i) => (pinned[i] === null ? [i] : []));
    const dims = space.dims;
    const freeVectors = new Float32Array(free.length * dims);
    free.forEach((i, j) => freeVectors.set(vectors.subarray(i * dims, (i + 1) * dims), j * dims));
    const { assignment: found, full } = await this.discoverAmong(space, free.map((i) => texts[i]), freeVectors, recluster, merged, openings);
    const assignment = pinned.map((id) => id ?? 0);
    free.forEach((i, j) => (assignment[i] = found[j]));
    return { assignment, full };
  }

  /**
   * Clustering again, candidates are discovered among the texts that open conversations (`openings`: the hash of the
   * text each conversation opens with) and the others join them (analytics' discoverIntents); a reply that fits
   * none takes the candidate most of its conversations opened with (candidateOfReply), else it is unclear.
   */
  private async discoverAmong(space: SpaceRow, texts: DistinctText[], vectors: Float32Array, recluster: boolean, merged: Map<number, number>, openings: () => Promise<Map<string, string | null>>): Promise<{ assignment: number[]; full: boolean }> {
    const dims = space.dims;
    // Candidates, those a manager kept, and those dismissed (which keep their texts, out of sight); not the unclear.
    const active = (await this.intents.intents(space.id, ['active', 'dismissed'])).filter((a) => a.origin !== 'bot' && a.origin !== 'unclear');
    const unclear = await this.unclearIntent(space);
    const resolve = (id: number) => resolveMerged(id, merged);
    // Texts in Unclear were placed: that they fit no candidate is not a reason to cluster again.
    const unassigned = texts.filter((t) => t.intentId === null || (resolve(t.intentId) !== unclear && !active.some((a) => a.id === resolve(t.intentId!)))).length;
    const full = needsRecluster(recluster, active.length, unassigned, texts.length);
    const assignment = new Array<number>(texts.length);
    if (texts.length === 0) return { assignment, full };

    if (full && texts.length >= 2) {
      const opening = await openings();
      const opens = new Map<string, number>();
      for (const hash of opening.values()) if (hash !== null) opens.set(hash, (opens.get(hash) ?? 0) + 1);
      const { assignments, k, unclear: outliers } = discoverIntents(vectors, dims, texts.map((_, i) => i), {
        counts: texts.map((t) => t.count),
        opens: texts.map((t) => opens.get(t.hash) ?? 0),
        scripts: texts.map((t) => scriptOf(t.text)),
      });
      await this.placeReplies(texts, assignments, outliers, opening, opens);
      const oldIds = texts.map((t) => (t.intentId === null ? null : resolve(t.intentId)));
      const mapping = matchByOverlap(oldIds, assignments, hungarian);
      const clusterIds = new Map<number, number>();
      for (let c = 0; c < k; c++) {
        const members = Array.from(assignments).flatMap((a, i) => (a === c ? [i] : []));
        if (members.length === 0) continue;
        const centroid = centroidOf(vectors, dims, members);
        const reuse = mapping.get(c);
        // A dismissed intent is never reused for a new cluster (it would come back): it keeps its texts as locked ones do.
        if (reuse !== undefined && active.some((a) => a.id === reuse && a.status === 'active')) {
          await this.intents.updateIntent(reuse, { centroid, spaceId: space.id, status: 'active' });
          clusterIds.set(c, reuse);
        } else {
          clusterIds.set(c, await this.intents.createIntent({ spaceId: space.id, label: '', customLabel: null, keywords: [], examples: [], size: 0, centroid, x: null, y: null, status: 'active', mergedInto: null, locked: false, origin: 'discovered', botIntentId: null }));
        }
      }
      const kept = new Set(clusterIds.values());
      for (const a of active) if (!kept.has(a.id) && !a.locked && a.status !== 'dismissed') await this.intents.updateIntent(a.id, { status: 'retired', size: 0 });
      texts.forEach((_, i) => (assignment[i] = outliers[i] ? unclear : clusterIds.get(assignments[i])!));
      // Locked intents (split or kept by a manager) and dismissed ones keep the texts nearest their own centroids.
      const locked = active.filter((a) => a.locked || a.status === 'dismissed');
      if (locked.length > 0) {
        const centroids = new Float32Array(locked.length * dims);
        locked.forEach((p, i) => centroids.set(p.centroid, i * dims));
        const { similarity, index } = nearestCentroid(vectors, centroids, dims);
        keepLocked(assignment, similarity, Array.from(index, (j) => locked[j].id), new Set(clusterIds.values()));
      }
    } else if (active.length > 0) {
      const centroids = new Float32Array(active.length * dims);
      active.forEach((p, i) => centroids.set(p.centroid, i * dims));
      const joined = joinNearest(vectors, dims, texts.map((t) => scriptOf(t.text)), centroids, active.map((a) => scriptOfTexts(a.examples)));
      texts.forEach((t, i) => {
        const current = t.intentId === null ? null : resolve(t.intentId);
        assignment[i] = current !== null && (current === unclear || active.some((p) => p.id === current)) ? current : joined[i] >= 0 ? active[joined[i]].id : unclear;
      });
    } else {
      // A single new text and no candidate yet: it is the first.
      const id = await this.intents.createIntent({ spaceId: space.id, label: '', customLabel: null, keywords: [], examples: [], size: 0, centroid: vectors.slice(0, dims), x: null, y: null, status: 'active', mergedInto: null, locked: false, origin: 'discovered', botIntentId: null });
      assignment.fill(id);
    }
    return { assignment, full };
  }

  /**
   * Replies that fit no candidate (texts that open no conversation, `outliers`) take the candidate most of their
   * conversations opened with (candidateOfReply); changes `assignments` and `outliers` in place. Nothing to do when
   * no text opens a conversation (discovery then ran on all of them).
   */
  private async placeReplies(texts: DistinctText[], assignments: Int32Array, outliers: boolean[], opening: Map<string, string | null>, opens: Map<string, number>): Promise<void> {
    if (!texts.some((t) => opens.has(t.hash))) return;
    const replies = texts.flatMap((t, i) => (outliers[i] && !opens.has(t.hash) ? [i] : []));
    if (replies.length === 0) return;
    const candidateOf = new Map(texts.flatMap((t, i) => (outliers[i] ? [] : [[t.hash, assignments[i]] as const])));
    const inConversations = await this.conversations.conversationsByText(replies.map((i) => texts[i].hash));
    for (const i of replies) {
      const opened = (inConversations.get(texts[i].hash) ?? []).map((c) => {
        const hash = opening.get(c);
        return hash ? (candidateOf.get(hash) ?? -1) : -1;
      });
      const c = candidateOfReply(opened);
      if (c >= 0) {
        assignments[i] = c;
        outliers[i] = false;
      }
    }
  }

  /** The one intent that holds the texts fitting no candidate (created the first time). */
  private async unclearIntent(space: SpaceRow): Promise<number> {
    const [row] = (await this.intents.intents(null)).filter((i) => i.origin === 'unclear');
    if (row) {
      if (row.spaceId !== space.id) await this.intents.updateIntent(row.id, { spaceId: space.id });
      return row.id;
    }
    return this.intents.createIntent({
      spaceId: space.id, label: UNCLEAR_LABEL, customLabel: null, keywords: [], examples: [], size: 0, centroid: new Float32Array(space.dims), x: null, y: null, status: 'active', mergedInto: null, locked: false,
      origin: 'unclear', botIntentId: null,
    });
  }

  /**
   * Keywords, examples, sizes and map positions: the map places every text; intents are described from their
   * texts (`members`, their intent in `assignment`), those that open conversations (`opens`) when some do. The
   * bot's intents keep the bot's names; an intent left without
   * texts has size 0, and a candidate left without texts is retired.
   */
  private async describeIntents(space: SpaceRow, texts: DistinctText[], vectors: Float32Array, members: number[], assignment: number[], botIntents: Map<number, string>, opens: (i: number) => boolean): Promise<void> {
    const dims = space.dims;
    const ids = [...new Set(assignment)];
    const stored = await this.intents.intents(null);
    const unclearId = stored.find((i) => i.origin === 'unclear')?.id;
    const byIntent = new Map<number, number[]>(ids.map((id) => [id, []]));
    assignment.forEach((id, j) => byIntent.get(id)!.push(members[j]));
    // An intent is described by what its conversations open with when some do: its replies ("Savings.") say less.
    const describing = new Map([...byIntent].map(([id, m]) => [id, m.some(opens) ? m.filter(opens) : m]));
    const keywords = clusterKeywords(ids.map((id) => describing.get(id)!.map((i) => ({ text: texts[i].text, count: texts[i].count }))));
    if (texts.length > 0) {
      const sample = Array.from({ length: Math.min(texts.length, 4000) }, (_, i) => Math.floor((i * texts.length) / Math.min(texts.length, 4000)));
      const sampleVectors = new Float32Array(sample.length * dims);
      sample.forEach((s, i) => sampleVectors.set(vectors.subarray(s * dims, (s + 1) * dims), i * dims));
      const basis = pca2(sampleVectors, dims, 5);
      await this.vectors.setSpaceProjection(space.id, JSON.stringify({ mean: Array.from(basis.mean), axes: Array.from(basis.axes) }));
      await this.vectors.savePoints(space.id, texts.map((t, i) => {
        const [x, y] = project2(vectors, i * dims, dims, basis);
        return { hash: t.hash, x, y };
      }));
      const sizes = await this.intents.intentSizes();
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        const m = byIntent.get(id)!;
        const centroid = centroidOf(vectors, dims, m);
        const examples = representativeExamples(vectors, dims, describing.get(id)!, centroidOf(vectors, dims, describing.get(id)!), texts);
        const [x, y] = project2(centroid, 0, dims, basis);
        const phrase = phraseLabel(describing.get(id)!.map((i) => ({ text: texts[i].text, count: texts[i].count })));
        const fixed = botIntents.get(id) ?? (id === unclearId ? UNCLEAR_LABEL : undefined);
        await this.intents.updateIntent(id, { keywords: keywords[k], examples, label: fixed ?? intentLabel(phrase, keywords[k], examples), size: sizes.get(id) ?? 0, x, y });
      }
    }
    const used = new Set(ids);
    for (const intent of stored) {
      if (used.has(intent.id)) continue;
      if (intent.origin === 'discovered' && !intent.locked) await this.intents.updateIntent(intent.id, { status: 'retired', size: 0 });
      else if (intent.size !== 0) await this.intents.updateIntent(intent.id, { size: 0 });
    }
  }
}
