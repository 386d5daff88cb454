import { compareReadings, ReadingGroup } from './bot-readings';

const group = (botIntent: string, intentId: number | null, act: string | null, messages: number, low = 0, scored = messages): ReadingGroup => ({ botIntent, intentId, act, messages, low, scored });

describe('the bot\'s readings beside Seam\'s', () => {
  const names = new Map([
    [1, { label: 'check_balance', botName: 'check_balance' }],
    [2, { label: 'card not arriving', botName: null }],
    [3, { label: 'Balance', botName: 'bank: check balance' }],
  ]);

  it('counts agreement by name or by the act an intent name stands for, and the low-confidence share', () => {
    const out = compareReadings(
      [group('check_balance', 1, null, 6, 1), group('check_balance', 2, null, 2, 2), group('greet', null, 'greeting', 5), group('greet', 2, null, 1), group('nlu_fallback', 2, null, 3, 3)],
      names,
    );
    expect(out.map((r) => [r.botIntent, r.messages, r.agreementRate, r.lowConfidenceRate])).toEqual([
      ['check_balance', 8, 6 / 8, 3 / 8],
      ['greet', 6, 5 / 6, 0],
      ['nlu_fallback', 3, 0, 1],
    ]);
    // Where Seam reads them otherwise: the reason the bot took for its intent.
    expect(out[0]).toMatchObject({ seamIntentId: 2, seamLabel: 'card not arriving', seamShare: 2 / 8, fallback: false });
    expect(out[1]).toMatchObject({ seamIntentId: 2, seamAct: null, seamShare: 1 / 6 });
    expect(out[2]).toMatchObject({ fallback: true, seamLabel: 'card not arriving', seamShare: 1 });
  });

  it("matches a bot intent named with its bot's prefix, and leaves unscored confidence unknown", () => {
    const [r] = compareReadings([group('check balance', 3, null, 4, 0, 0)], names);
    expect(r.agreementRate).toBe(1);
    expect(r).toMatchObject({ seamIntentId: null, seamAct: null, seamShare: 0 });
    expect(r.lowConfidenceRate).toBeNull();
  });
});
