import { conversationIntent, frequentExamples, intentKey, intentLabel, keepLocked, messageIntent, needsRecluster, representativeExamples, resolveMerged } from './assign';

describe('intent rules', () => {
  it('follows merges to the intent that holds them now, and stops on a loop', () => {
    expect(resolveMerged(3, new Map([[3, 5], [5, 9]]))).toBe(9);
    expect(resolveMerged(4, new Map([[3, 5]]))).toBe(4);
    expect(resolveMerged(1, new Map([[1, 2], [2, 1]]))).toBe(1);
  });

  it('clusters everything again when asked, with no intents, or when over 30% of the texts have none', () => {
    expect(needsRecluster(true, 10, 0, 100)).toBe(true);
    expect(needsRecluster(false, 0, 0, 100)).toBe(true);
    expect(needsRecluster(false, 10, 31, 100)).toBe(true);
    expect(needsRecluster(false, 10, 30, 100)).toBe(false);
  });

  it('gives a locked intent back the texts close to it, unless it is a new cluster already', () => {
    const assignment = [1, 1, 2, 2];
    keepLocked(assignment, [0.9, 0.5, 0.95, 0.99], [7, 7, 8, 2], new Set([1, 2]));
    expect(assignment).toEqual([7, 1, 8, 2]);
  });

  it('labels an intent by its keywords, else its first example', () => {
    expect(intentLabel('refund not received', ['refund', 'card'], ['x'])).toBe('refund not received');
    expect(intentLabel(null, ['refund', 'card', 'late', 'fee'], ['my card came late'])).toBe('my card came late');
    expect(intentLabel(null, ['refund', 'card', 'late', 'fee'], ['', 'my card came late but i still pay the fee for the month and nobody tells me why'])).toBe('refund · card · late');
    expect(intentLabel(null, ['用'], ['我就直接用了'])).toBe('我就直接用了');
    expect(intentLabel(null, [], ['', 'where is my parcel that I ordered last week, it has not come and nobody answers me'])).toBe('where is my parcel that I ordered last week, it has not come');
    expect(intentLabel(null, [], [])).toBe('other');
  });

  it('picks the texts nearest the centroid as examples, never an emptied one', () => {
    const dims = 2;
    const vectors = Float32Array.from([1, 0, 0.8, 0.6, 0, 1, 1, 0]);
    const texts = [{ text: 'refund please', count: 1 }, { text: 'refund late', count: 1 }, { text: 'parcel', count: 1 }, { text: '', count: 9 }];
    expect(representativeExamples(vectors, dims, [0, 1, 2, 3], Float32Array.from([1, 0]), texts, 2)).toEqual(['refund please', 'refund late']);
    expect(frequentExamples([{ text: 'a', count: 1 }, { text: '', count: 9 }, { text: 'b', count: 3 }])).toEqual(['b', 'a']);
  });

  it('takes a conversation\'s intent from its first message that has one', () => {
    expect(conversationIntent([null, null, 7, 3])).toBe(7);
    expect(conversationIntent([null])).toBeNull();
    expect(conversationIntent([])).toBeNull();
  });

  it("counts a message for the bot's logged intent when the bot was sure, Seam knows that intent and reads no candidate; else Seam's reading", () => {
    const bot = new Map([[intentKey('check_balance'), 40]]);
    const m = (intentId: number | null, act: string | null, botIntent: string | null, botConfidence: number | null) => ({ intentId, act, botIntent, botConfidence });
    expect(messageIntent(m(null, null, 'Check Balance', 0.9), bot, 0.5)).toBe(40);
    expect(messageIntent(m(null, null, 'check_balance', null), bot, 0.5)).toBe(40);
    expect(messageIntent(m(null, null, 'check_balance', 0.3), bot, 0.5)).toBeNull();
    expect(messageIntent(m(40, null, 'order_card', 0.9), bot, 0.5)).toBe(40);
    expect(messageIntent(m(null, 'greeting', 'check_balance', 0.9), bot, 0.5)).toBeNull();
    // Seam's own reading of a bot intent, or none, gives way; a candidate (a reason the bot lacks) does not.
    const bots = new Map([[intentKey('check_balance'), 40], [intentKey('order_card'), 41]]);
    expect(messageIntent(m(41, null, 'check_balance', 0.9), bots, 0.5)).toBe(40);
    expect(messageIntent(m(null, null, 'check_balance', 0.9), bots, 0.5)).toBe(40);
    expect(messageIntent(m(7, null, 'check_balance', 0.9), bots, 0.5)).toBe(7);
    expect(intentKey('support-bot: check balance')).toBe('checkbalance');
  });
});
