import { conversationFacts } from './conversation-facts';
import { DEFAULT_METRIC_OPTIONS, MetricConversation, MetricMessage } from './types';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 4, 1, 9);
const options = { ...DEFAULT_METRIC_OPTIONS, dataEnd: T0 + 30 * DAY };

let n = 0;
function msg(role: MetricMessage['role'], minute: number, text = '', extra: Partial<MetricMessage> = {}): MetricMessage {
  return { id: `m${++n}`, role, at: T0 + minute * MIN, text, event: null, eventValue: null, sentiment: null, ...extra };
}

function conv(messages: MetricMessage[], intentId: number | null = 1): MetricConversation {
  return { id: 'c1', customerId: 'u1', intentId, messages };
}

describe('conversationFacts (docs/metrics.md)', () => {
  it('a bot-only conversation that ends well is contained and, once the window has passed, deflected', () => {
    const f = conversationFacts(conv([msg('bot', 0, 'Hi'), msg('customer', 1, 'where is my card'), msg('bot', 1, 'It arrives Friday'), msg('customer', 2, 'thanks')]), [], options);
    expect(f).toMatchObject({ botEngaged: true, handoff: false, contained: true, deflected: true, path: 'bot_only', outcome: 'resolved', botTurns: 2, fallbacks: 0 });
  });

  it('is not judged deflected while the repeat window is still open', () => {
    const f = conversationFacts(conv([msg('bot', 0, 'Hi'), msg('customer', 1, 'hello')]), [], { ...options, dataEnd: T0 + 2 * DAY });
    expect(f.contained).toBe(true);
    expect(f.deflected).toBeNull();
    expect(f.outcome).toBe('open');
  });

  it('a customer coming back within 7 days about the same intent undoes the deflection; another intent does not', () => {
    const c = conv([msg('bot', 0, 'Hi'), msg('customer', 1, 'refund?'), msg('bot', 2, 'Refunds take 5 days')]);
    const same = conversationFacts(c, [{ id: 'c2', startedAt: T0 + 3 * DAY, intentId: 1 }], options);
    expect(same).toMatchObject({ contained: true, repeatAny: true, repeatSameIntent: true, deflected: false, outcome: 'came_back', repeatConversationId: 'c2' });
    const other = conversationFacts(c, [{ id: 'c3', startedAt: T0 + 3 * DAY, intentId: 2 }], options);
    expect(other).toMatchObject({ repeatAny: true, repeatSameIntent: false, deflected: true });
    const late = conversationFacts(c, [{ id: 'c4', startedAt: T0 + 8 * DAY, intentId: 1 }], options);
    expect(late).toMatchObject({ repeatAny: false, deflected: true });
    const unknown = conversationFacts(c, [{ id: 'c5', startedAt: T0 + DAY, intentId: null }], options);
    expect(unknown.repeatSameIntent).toBe(true);
  });

  it("is a returning customer's contact when the customer had an earlier one (same moment: the lower id first); unknown without a customer", () => {
    const c = conv([msg('bot', 0, 'Hi'), msg('customer', 1, 'refund?')]);
    expect(conversationFacts(c, [{ id: 'c1', startedAt: T0, intentId: 1 }, { id: 'c9', startedAt: T0 + DAY, intentId: 1 }], options).returning).toBe(false);
    expect(conversationFacts(c, [{ id: 'c0', startedAt: T0 - DAY, intentId: 2 }], options).returning).toBe(true);
    expect(conversationFacts(c, [{ id: 'c0', startedAt: T0, intentId: 2 }], options).returning).toBe(true);
    expect(conversationFacts(c, [{ id: 'c2', startedAt: T0, intentId: 2 }], options).returning).toBe(false);
    expect(conversationFacts({ ...c, customerId: null }, [], options).returning).toBeNull();
  });

  it('leaving right after a bot fallback is abandonment, never deflection', () => {
    const f = conversationFacts(conv([msg('bot', 0, 'Hi'), msg('customer', 1, 'my thing broke'), msg('bot', 1, 'Sorry?', { event: 'bot_fallback' })]), [], options);
    expect(f).toMatchObject({ contained: true, abandonedAfterFallback: true, deflected: false, path: 'bot_fallback', outcome: 'abandoned', fallbacks: 1 });
    const answered = conversationFacts(conv([msg('bot', 0, 'Hi'), msg('bot', 1, 'Sorry?', { event: 'bot_fallback' }), msg('customer', 2, 'my card'), msg('bot', 3, 'Here is how')]), [], options);
    expect(answered.abandonedAfterFallback).toBe(false);
  });

  it('measures a handoff: when, after how many bot turns, the first agent reply, and sentiment either side', () => {
    const f = conversationFacts(
      conv([
        msg('bot', 0, 'Hi'),
        msg('customer', 1, 'refund', { sentiment: 0.2 }),
        msg('bot', 2, 'Sorry?', { event: 'bot_fallback' }),
        msg('customer', 3, 'agent please', { sentiment: -0.4 }),
        msg('system', 4, 'Transferring', { event: 'handoff' }),
        msg('agent', 10, 'Hi, Sam here'),
        msg('customer', 11, 'great thanks', { sentiment: 0.6 }),
        msg('system', 12, '', { event: 'csat', eventValue: 4 }),
      ]),
      [],
      options,
    );
    expect(f).toMatchObject({ handoff: true, contained: false, deflected: false, timeToHandoffMs: 4 * MIN, botTurnsBeforeHandoff: 2, firstResponseAfterHandoffMs: 6 * MIN, abandonedAfterHandoff: false, csat: 4, path: 'handoff' });
    expect(f.sentimentBeforeHandoff).toBeCloseTo(-0.1);
    expect(f.sentimentAfterHandoff).toBeCloseTo(0.6);
  });

  it('counts an agent after the bot as a handoff even without the event, and no agent after the handoff as abandoned', () => {
    expect(conversationFacts(conv([msg('bot', 0, 'Hi'), msg('customer', 1, 'x'), msg('agent', 3, 'Hello')]), [], options)).toMatchObject({ handoff: true, timeToHandoffMs: 3 * MIN });
    expect(conversationFacts(conv([msg('bot', 0, 'Hi'), msg('system', 1, 'Transferring', { event: 'handoff' }), msg('customer', 9, 'hello??')]), [], options)).toMatchObject({ handoff: true, abandonedAfterHandoff: true, outcome: 'abandoned', firstResponseAfterHandoffMs: null });
  });

  it('a conversation only with agents is not bot-engaged', () => {
    expect(conversationFacts(conv([msg('customer', 0, 'hi'), msg('agent', 1, 'hello')]), [], options)).toMatchObject({ botEngaged: false, handoff: false, contained: false, deflected: false, path: 'human_only' });
    // An agent who wrote before the bot, or at the same moment, did not take over from it.
    expect(conversationFacts(conv([msg('agent', 0, 'hello'), msg('bot', 1, 'Hi'), msg('customer', 2, 'x')]), [], options)).toMatchObject({ handoff: false });
    expect(conversationFacts(conv([msg('bot', 1, 'Hi'), msg('agent', 1, 'hello')]), [], options)).toMatchObject({ handoff: false });
  });
});
