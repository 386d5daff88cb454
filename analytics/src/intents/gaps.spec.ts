import { parse } from 'yaml';
import { gapCost, intentName, rankGaps, rasaNlu, uniqueNames } from './gaps';

describe('the gaps the bot should learn next', () => {
  it('costs one per handoff, fallback, abandonment and repeat contact, and ranks by it', () => {
    expect(gapCost({ conversations: 10, handoffs: 3, fallbacks: 2, abandoned: 1, repeats: 4 })).toBe(10);
    const ranked = rankGaps([
      { id: 1, conversations: 50, handoffs: 1, fallbacks: 0, abandoned: 0, repeats: 0 },
      { id: 2, conversations: 10, handoffs: 5, fallbacks: 5, abandoned: 2, repeats: 1 },
      { id: 3, conversations: 20, handoffs: 0, fallbacks: 0, abandoned: 0, repeats: 1 },
    ]);
    // Equal costs: more conversations first.
    expect(ranked.map((g) => [g.id, g.cost])).toEqual([[2, 13], [1, 1], [3, 1]]);
  });

  it('names an intent the way bots want names', () => {
    expect(intentName('Top up didnt go through, but money left!')).toBe('top_up_didnt_go_through_but_money_left');
    expect(intentName('退款什么时候到账')).toBe('退款什么时候到账');
    expect(intentName('???')).toBe('new_intent');
  });

  it('makes names distinct within one file', () => {
    expect(uniqueNames(['refund', 'card', 'refund', 'refund'])).toEqual(['refund', 'card', 'refund_2', 'refund_3']);
  });

  it('writes Rasa NLU YAML that loads back with the intents and examples', () => {
    const text = rasaNlu([{ name: 'top_up_failed', examples: ['top up failed', 'my top-up: declined "again"', '- dash first'] }, { name: '退款', examples: ['我要退款'] }]);
    const doc = parse(text) as { nlu: { intent: string; examples: string }[] };
    expect(doc.nlu.map((i) => i.intent)).toEqual(['top_up_failed', '退款']);
    expect(doc.nlu[0].examples.split('\n').filter(Boolean)).toEqual(['- top up failed', '- my top-up: declined "again"', '- - dash first']);
  });
});
