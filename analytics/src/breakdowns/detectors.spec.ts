import { DEFAULT_METRIC_OPTIONS, MetricConversation, MetricMessage } from '../metrics/types';
import { asksForHuman, detectBreakdowns } from './detectors';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 4, 1, 9);
const options = { ...DEFAULT_METRIC_OPTIONS, dataEnd: T0 + 30 * DAY };

function build(rows: [MetricMessage['role'], number, string, Partial<MetricMessage>?][]): MetricConversation {
  return {
    id: 'c1',
    customerId: 'u1',
    intentId: 1,
    messages: rows.map(([role, minute, text, extra], i) => ({ id: `m${i + 1}`, role, at: T0 + minute * MIN, text, event: null, eventValue: null, sentiment: null, ...extra })),
  };
}

const reasons = (c: MetricConversation, later = [] as { id: string; startedAt: number; intentId: number | null }[]) => detectBreakdowns(c, later, options);

describe('asksForHuman', () => {
  it.each(['can I talk to a human', 'agent please', 'I want to speak to a real person', 'representative', '转人工', '我要找人工客服', 'Get me someone who can help'])('hears %p', (t) => {
    expect(asksForHuman(t)).toBe(true);
  });
  it.each(['my agent id is 5', 'the human resources team', 'where is my refund', '人工智能很厉害'])('does not hear %p', (t) => {
    expect(asksForHuman(t)).toBe(false);
  });
});

describe('detectBreakdowns', () => {
  it('finds the request for a person, with the message as evidence; high when no handoff followed', () => {
    const found = reasons(build([['bot', 0, 'Hi'], ['customer', 1, 'talk to a human please'], ['bot', 2, 'I can help you here']]));
    expect(found).toContainEqual(expect.objectContaining({ reason: 'asked_for_human', severity: 'high', evidence: ['m2'] }));
  });

  it('finds a fallback loop (two fallbacks, or the bot repeating itself)', () => {
    const loop = reasons(build([['bot', 0, 'Hi'], ['customer', 1, 'x'], ['bot', 1, 'Sorry?', { event: 'bot_fallback' }], ['customer', 2, 'y'], ['bot', 2, 'Sorry?', { event: 'bot_fallback' }]]));
    expect(loop.find((b) => b.reason === 'fallback_loop')).toMatchObject({ severity: 'medium', evidence: ['m3', 'm5'] });
    const echo = reasons(build([['bot', 0, 'Please check the app.'], ['customer', 1, 'it does not work'], ['bot', 2, 'Please check the app.']]));
    expect(echo.find((b) => b.reason === 'fallback_loop')?.evidence).toEqual(['m1', 'm3']);
    expect(reasons(build([['bot', 0, 'Hi'], ['customer', 1, 'x'], ['bot', 1, 'Sorry?', { event: 'bot_fallback' }]])).some((b) => b.reason === 'fallback_loop')).toBe(false);
  });

  it('finds a customer asking the same question again', () => {
    const found = reasons(build([['customer', 0, 'where is my refund for order 123'], ['bot', 1, 'Refunds take 5 days'], ['customer', 2, 'but where is my refund for the order']]));
    expect(found.find((b) => b.reason === 'repeated_question')?.evidence).toEqual(['m1', 'm3']);
  });

  it('with a model, hears a request for a person in words no phrase list has, from the similarity threshold up', () => {
    const turn = (similarity: number) =>
      reasons(build([['bot', 0, 'Hi'], ['customer', 1, 'is there anybody in your office who could look at this', { humanSimilarity: similarity }], ['bot', 2, 'I can help you here']]));
    expect(turn(options.humanSimilarity).find((b) => b.reason === 'asked_for_human')).toMatchObject({ severity: 'high', evidence: ['m2'] });
    expect(turn(options.humanSimilarity - 0.01).some((b) => b.reason === 'asked_for_human')).toBe(false);
    expect(reasons(build([['customer', 0, 'is there anybody in your office who could look at this']])).some((b) => b.reason === 'asked_for_human')).toBe(false);
  });

  it('with a model, finds a question asked again in other words; not for short turns or requests for a person', () => {
    const paraphrase = (similarity: number, second = 'why has nothing come back to my account yet') =>
      reasons(
        build([
          ['customer', 0, 'where is the money you owe me'],
          ['bot', 1, 'Refunds take 5 days'],
          ['customer', 2, second, { repeatOf: 'm1', repeatSimilarity: similarity }],
        ]),
      ).find((b) => b.reason === 'repeated_question');
    expect(paraphrase(options.repeatSimilarity)?.evidence).toEqual(['m1', 'm3']);
    expect(paraphrase(options.repeatSimilarity - 0.01)).toBeUndefined();
    expect(paraphrase(0.99, 'ok thanks')).toBeUndefined();
    const asked = reasons(
      build([
        ['customer', 0, 'where is the money you owe me'],
        ['customer', 1, 'let me speak to somebody about the money', { repeatOf: 'm1', repeatSimilarity: 0.9, humanSimilarity: 0.8 }],
      ]),
    );
    expect(asked.some((b) => b.reason === 'repeated_question')).toBe(false);
    expect(asked.some((b) => b.reason === 'asked_for_human')).toBe(true);
  });

  it('finds context lost at handoff: the agent asks for the order number the customer gave the bot', () => {
    const found = reasons(
      build([
        ['bot', 0, 'Hi'],
        ['customer', 1, 'my parcel is late, order 300912'],
        ['bot', 2, 'Sorry?', { event: 'bot_fallback' }],
        ['system', 3, 'Transferring', { event: 'handoff' }],
        ['agent', 4, 'Hello! Could you give me the order number?'],
      ]),
    );
    expect(found.find((b) => b.reason === 'context_lost')).toMatchObject({ evidence: ['m2', 'm5'], detail: expect.stringContaining('order number') });
    const fine = reasons(build([['bot', 0, 'Hi'], ['customer', 1, 'my parcel is late'], ['system', 3, 'Transferring', { event: 'handoff' }], ['agent', 4, 'Could you give me the order number?']]));
    expect(fine.some((b) => b.reason === 'context_lost')).toBe(false);
  });

  it('finds the agent asking what the problem is after the customer told the bot', () => {
    const found = reasons(build([['customer', 0, 'I was charged twice for one order'], ['bot', 1, 'Let me connect you'], ['agent', 2, 'Hi, how can I help?']]));
    expect(found.find((b) => b.reason === 'context_lost')?.detail).toContain('the problem');
  });

  it('finds a sentiment drop and a negative ending with thresholds from the options', () => {
    const found = reasons(build([['customer', 0, 'a', { sentiment: 0.5 }], ['bot', 1, 'b'], ['customer', 2, 'c', { sentiment: -0.1 }], ['customer', 3, 'd', { sentiment: -0.5 }]]));
    expect(found.find((b) => b.reason === 'sentiment_drop')).toMatchObject({ evidence: ['m1', 'm4'], severity: 'high' });
    expect(found.find((b) => b.reason === 'ended_negative')).toMatchObject({ evidence: ['m4'] });
    const mild = reasons(build([['customer', 0, 'a', { sentiment: 0.2 }], ['customer', 1, 'b', { sentiment: -0.2 }]]));
    expect(mild.map((b) => b.reason)).not.toContain('sentiment_drop');
    expect(mild.map((b) => b.reason)).not.toContain('ended_negative');
  });

  it('finds a long wait after the handoff and abandonment after it', () => {
    const wait = reasons(build([['bot', 0, 'Hi'], ['system', 1, 'Transferring', { event: 'handoff' }], ['agent', 20, 'Hi']]));
    expect(wait.find((b) => b.reason === 'long_wait_after_handoff')).toMatchObject({ evidence: ['m2', 'm3'], severity: 'high' });
    const left = reasons(build([['bot', 0, 'Hi'], ['system', 1, 'Transferring', { event: 'handoff' }], ['customer', 3, 'hello?']]));
    expect(left.find((b) => b.reason === 'abandoned_after_handoff')?.evidence).toEqual(['m2', 'm3']);
  });

  it('finds ping-pong between bot and agent', () => {
    const found = reasons(build([['bot', 0, 'a'], ['agent', 1, 'b'], ['bot', 2, 'c'], ['agent', 3, 'd']]));
    expect(found.find((b) => b.reason === 'ping_pong')?.evidence).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(reasons(build([['bot', 0, 'a'], ['agent', 1, 'b'], ['agent', 2, 'c']])).some((b) => b.reason === 'ping_pong')).toBe(false);
  });

  it('finds a repeat contact after a conversation the bot seemed to settle', () => {
    const c = build([['bot', 0, 'Hi'], ['customer', 1, 'refund?'], ['bot', 2, 'Refunds take 5 days']]);
    expect(reasons(c, [{ id: 'c2', startedAt: T0 + DAY, intentId: 1 }]).find((b) => b.reason === 'repeat_after_bot_resolved')).toBeDefined();
    expect(reasons(c, [{ id: 'c2', startedAt: T0 + DAY, intentId: 9 }]).some((b) => b.reason === 'repeat_after_bot_resolved')).toBe(false);
  });

  it('flags nothing in a smooth conversation', () => {
    expect(reasons(build([['bot', 0, 'Hi'], ['customer', 1, 'where is my card', { sentiment: 0 }], ['bot', 1, 'It arrives Friday'], ['customer', 2, 'great thanks', { sentiment: 0.6 }]]))).toEqual([]);
  });
});
