import { rng } from '../random';
import { actDetector } from './acts';
import { trainKnownIntents } from './known';
import { candidateOfReply, classifyTexts, discoverIntents, foldSmall, joinNearest, joinOrStray, mergeAlike, openingText, openingTexts, scriptOfTexts, unclearMembers } from './pipeline';

describe('what the analysis makes of customer texts', () => {
  const v = (...xs: number[]) => {
    const n = Math.hypot(...xs);
    return xs.map((x) => x / n);
  };

  it('sets acts apart, recognises covered texts and leaves the rest to discovery', () => {
    const texts = ['thanks!', 'where is my refund', 'my card was eaten by the machine', 'refund please'];
    const vectors = Float32Array.from([...v(0, 0, 1), ...v(1, 0.1, 0), ...v(0, 0.2, 1), ...v(0.9, 0, 0.1)]);
    const known = trainKnownIntents(['refund', 'refund', 'balance', 'balance'], Float32Array.from([...v(1, 0, 0), ...v(0.9, 0.1, 0), ...v(0, 1, 0), ...v(0.1, 0.9, 0)]), 3);
    const r = classifyTexts({ texts, vectors, dims: 3, detectAct: actDetector(), known });
    expect(r.acts).toEqual(['thanks', null, null, null]);
    expect(r.recognised[0]).toBeNull();
    expect(r.recognised[1]?.covered).toBe(true);
    expect(r.uncovered).toEqual([2]);
  });

  it('without a bot, every text that is not an act is discovered', () => {
    const r = classifyTexts({ texts: ['hi', 'refund'], vectors: Float32Array.from([1, 0, 0, 1]), dims: 2, detectAct: actDetector(), known: null });
    expect(r.uncovered).toEqual([1]);
  });

  it('discovers the same intents from the same texts', () => {
    const points = Float32Array.from(Array.from({ length: 40 }, (_, i) => v(i % 2 ? 1 : 0.1, i % 2 ? 0.1 : 1, (i % 5) / 50)).flat());
    const members = Array.from({ length: 40 }, (_, i) => i);
    const a = discoverIntents(points, 3, members);
    const b = discoverIntents(points, 3, members);
    expect(Array.from(a.assignments)).toEqual(Array.from(b.assignments));
    expect(a.assignments[0]).not.toBe(a.assignments[1]);
  });

  it('discovers within each script: two Chinese requests are not one candidate beside English ones', () => {
    // Four English requests on axes of their own; two Chinese requests alike (cosine 0.55) but distinct, far from
    // the English. Over all messages, the gap between the scripts decides K and the Chinese requests are one.
    const rand = rng(1);
    const gauss = () => Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
    const centres = [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0], [0, 0, 0, 0, 1, 0.3], [0, 0, 0, 0, 0.3, 1]];
    const gold = centres.flatMap((_, c) => Array.from({ length: 20 }, () => c));
    const vectors = Float32Array.from(gold.flatMap((c) => v(...[...centres[c], 0, 0, 0, 0, 0, 0].map((x) => x + 0.1 * gauss()))));
    const members = gold.map((_, i) => i);
    const scripts = gold.map((c) => (c < 4 ? 'latin' : 'han'));
    const chinese = (r: { assignments: Int32Array }, c: number) => new Set(gold.flatMap((g, i) => (g === c ? [r.assignments[i]] : [])));
    const together = discoverIntents(vectors, 12, members);
    expect([...chinese(together, 4)].some((c) => chinese(together, 5).has(c))).toBe(true);
    const apart = discoverIntents(vectors, 12, members, { scripts });
    expect(apart.k).toBe(6);
    expect([...chinese(apart, 4)].some((c) => chinese(apart, 5).has(c))).toBe(false);
  });

  it('makes no more candidates than could each hold ten messages', () => {
    // Forty messages in eight tight groups of five: eight clusters, none large enough to be a candidate.
    const axes = Array.from({ length: 8 }, (_, g) => Array.from({ length: 8 }, (_, d) => (d === g ? 1 : 0)));
    const vectors = Float32Array.from(Array.from({ length: 40 }, (_, i) => v(...axes[i % 8].map((x, d) => x + 0.01 * ((i + d) % 3)))).flat());
    const r = discoverIntents(vectors, 8, Array.from({ length: 40 }, (_, i) => i));
    const sizes = new Map<number, number>();
    r.assignments.forEach((c) => sizes.set(c, (sizes.get(c) ?? 0) + 1));
    expect(r.k).toBeLessThanOrEqual(4);
    for (const n of sizes.values()) expect(n).toBeGreaterThanOrEqual(10);
  });

  it('leaves a script of a few messages, or none, with the largest script', () => {
    const en = Array.from({ length: 24 }, (_, i) => (i < 12 ? v(1, 0.01 * (i % 4), 0) : v(0.01 * (i % 4), 1, 0)));
    const vectors = Float32Array.from([...en, v(0.9, 0.1, 0.4), v(0, 0, 1)].flat());
    const members = Array.from({ length: 26 }, (_, i) => i);
    const r = discoverIntents(vectors, 3, members, { scripts: members.map((i) => (i < 24 ? 'latin' : i === 24 ? 'cyrillic' : 'none')) });
    expect(r.k).toBe(2);
    expect(r.assignments[24]).toBe(r.assignments[0]);
  });
});

describe('what conversations open with', () => {
  const v = (...xs: number[]) => xs.map((x) => x / Math.hypot(...xs));
  it('is the first customer text of each that is not an act', () => {
    const acts = new Set(['hi', 'thanks']);
    const opens = openingTexts([['hi', 'refund?', 'thanks'], ['refund?'], ['hi', 'thanks'], ['card lost', 'refund?']], (t) => acts.has(t));
    expect([...opens.entries()].sort()).toEqual([['card lost', 1], ['refund?', 2]]);
    expect(openingText(['hi', 'thanks'], (t) => acts.has(t))).toBeNull();
  });

  it('places a reply that fits no candidate with what most of its conversations opened with', () => {
    expect(candidateOfReply([2, 0, 2, -1])).toBe(2);
    expect(candidateOfReply([3, 1])).toBe(1);
    expect(candidateOfReply([-1, -1])).toBe(-1);
    expect(candidateOfReply([])).toBe(-1);
  });

  it('decides the candidates; the texts inside conversations join them or are unclear', () => {
    // Openers: two requests of twelve texts each, worded variously. Inside the conversations: twelve answers to the
    // bot's question ("In checking.", "Savings."), alike each other and like neither request, and one text worded as
    // the first request is ("and the balance of my savings?"). Clustered with the openers, the answers were a
    // candidate; discovered among the openers, they fit none, and the other text joins the first request.
    const a = Array.from({ length: 12 }, (_, i) => v(1, 0.12 * (i % 4), 0.1 * (i % 3), 0));
    const b = Array.from({ length: 12 }, (_, i) => v(0.1 * (i % 3), 0.12 * (i % 4), 1, 0));
    const answers = Array.from({ length: 12 }, (_, i) => v(0, 0.01 * (i % 3), 0, 1));
    const vectors = Float32Array.from([...a, ...b, ...answers, v(1, 0.15, 0.1, 0)].flat());
    const members = Array.from({ length: 37 }, (_, i) => i);
    const all = discoverIntents(vectors, 4, members);
    expect(all.k).toBe(3);
    const opened = discoverIntents(vectors, 4, members, { opens: members.map((i) => (i < 24 ? 1 : 0)) });
    expect(opened.k).toBe(2);
    expect(opened.assignments[0]).not.toBe(opened.assignments[12]);
    for (let i = 24; i < 36; i++) expect(opened.unclear[i]).toBe(true);
    expect(opened.assignments[36]).toBe(opened.assignments[0]);
    expect(opened.unclear[36]).toBe(false);
    // No member opens a conversation (a log without them): every member is discovered on.
    expect(discoverIntents(vectors, 4, members, { opens: members.map(() => 0) }).k).toBe(3);
  });

  it('joins each text to the nearest group, stray when less like it than its own members', () => {
    const vectors = Float32Array.from([1, 0, 0.99, 0.14, 0, 1, 0.1, 0.99, 0.9975, 0.07, 0.6, 0.8]);
    const { index, stray } = joinOrStray(vectors, 2, [[0, 1], [], [2, 3]], [4, 5]);
    expect(Array.from(index)).toEqual([0, 2]);
    expect(stray).toEqual([false, true]);
  });
});

describe('texts new since the last clustering', () => {
  it('join the nearest candidate written in their script, or none', () => {
    const centroids = Float32Array.from([1, 0, 0, 0.6, 0.8, 0, 0, 0, 1]);
    const vectors = Float32Array.from([0.7, 0.7, 0, 0, 0.2, 0.98, 0.8, 0.6, 0]);
    // The first is nearest the Chinese candidate but English: the English one takes it; one without letters takes any.
    expect(Array.from(joinNearest(vectors, 3, ['latin', 'latin', 'none'], centroids, ['latin', 'han', 'none']))).toEqual([0, 2, 1]);
    // No candidate of their script and none without one: they fit none.
    expect(Array.from(joinNearest(vectors, 3, ['cyrillic', 'latin', 'han'], centroids.slice(0, 6), ['latin', 'han']))).toEqual([-1, 0, 1]);
  });

  it('know a candidate\'s script from most of its texts', () => {
    expect(scriptOfTexts(['退款什么时候到账', 'refund?', '我的退款还没到'])).toBe('han');
    expect(scriptOfTexts(['123', '👍'])).toBe('none');
    expect(scriptOfTexts([])).toBe('none');
  });
});

describe('candidates that are the same request', () => {
  it('are merged when their centroids are alike, and numbered from 0', () => {
    const vectors = Float32Array.from([1, 0, 0.99, 0.14, 0, 1, 0.1, 0.99]);
    const { assignments, k } = mergeAlike(vectors, 2, Int32Array.from([0, 1, 2, 3]), 4, 0.7);
    expect(k).toBe(2);
    expect(Array.from(assignments)).toEqual([0, 0, 1, 1]);
  });
});

describe('texts that fit no candidate', () => {
  it('are unclear when far below their candidate\'s usual similarity', () => {
    const close = Array.from({ length: 9 }, (_, i) => [1, 0.02 * i]).flat();
    const vectors = Float32Array.from([...close, 0.2, 1]);
    const unclear = unclearMembers(vectors, 2, new Int32Array(10), 1);
    expect(unclear.filter(Boolean).length).toBe(1);
    expect(unclear[9]).toBe(true);
  });

  it('stand alone instead when many customers sent them', () => {
    // Two candidates of twelve texts and an outlier of the first: sent once it is unclear, sent by a hundred customers
    // a candidate of its own.
    const v = (...xs: number[]) => xs.map((x) => x / Math.hypot(...xs));
    const a = Array.from({ length: 12 }, (_, i) => v(1, 0.01 * i, 0.005 * (i % 3)));
    const b = Array.from({ length: 12 }, (_, i) => v(0.005 * (i % 3), 0.01 * i, 1));
    const vectors = Float32Array.from([...a.flat(), ...b.flat(), ...v(0.9, 0.43, 0)]);
    const members = Array.from({ length: 25 }, (_, i) => i);
    const once = discoverIntents(vectors, 3, members, { counts: members.map(() => 1) });
    expect(once.unclear[24]).toBe(true);
    expect(once.assignments[24]).toBe(once.assignments[0]);
    const often = discoverIntents(vectors, 3, members, { counts: members.map((i) => (i === 24 ? 100 : 1)) });
    expect(often.unclear[24]).toBe(false);
    expect(often.assignments[24]).not.toBe(often.assignments[0]);
    expect(often.assignments[24]).not.toBe(often.assignments[12]);
    expect(often.k).toBe(once.k + 1);
  });

  it('are folded into the nearest candidate when too few messages', () => {
    // Clusters 0 and 2 hold 12 and 30 messages; cluster 1 (two misspellings sent once each) is nearest 0.
    const vectors = Float32Array.from([1, 0, 0.95, 0.31, 0.8, 0.6, 0.75, 0.66, 0, 1, 0.1, 0.99]);
    const { assignments, k, stray } = foldSmall(vectors, 2, Int32Array.from([0, 0, 1, 1, 2, 2]), 3, [6, 6, 1, 1, 15, 15]);
    expect(k).toBe(2);
    expect(Array.from(assignments)).toEqual([0, 0, 0, 0, 1, 1]);
    // Less like cluster 0 than its own members are: folded, but it fits nowhere.
    expect(stray).toEqual([false, false, true, true, false, false]);
    const near = foldSmall(Float32Array.from([1, 0, 0.9, 0.44, 0.95, 0.31, 0, 1]), 2, Int32Array.from([0, 0, 1, 2]), 3, [6, 6, 1, 12]);
    expect(Array.from(near.assignments)).toEqual([0, 0, 0, 1]);
    expect(near.stray).toEqual([false, false, false, false]);
    // Nothing is folded when no cluster is large enough to take it.
    expect(foldSmall(vectors, 2, Int32Array.from([0, 0, 1, 1, 2, 2]), 3, [1, 1, 1, 1, 1, 1]).k).toBe(3);
  });

  it('are never marked in a candidate too small to tell', () => {
    expect(unclearMembers(Float32Array.from([1, 0, 0, 1]), 2, Int32Array.from([0, 0]), 1)).toEqual([false, false]);
  });
});
