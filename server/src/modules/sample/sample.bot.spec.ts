import { filesOf, readDefinition } from '../bot/definition/bot-definition';
import { INTENTS } from './sample.phrases';
import { SAMPLE_BOT_VERSIONS } from './sample.bot';

describe('the sample bot\'s definition', () => {
  const intents = (nlu: string) => readDefinition('nlu.yml', filesOf('nlu.yml', Buffer.from(nlu))).intents.map((i) => i.name);

  it('is Rasa NLU YAML; version 12 learnt change_address, which version 11 did not know', () => {
    const [v11, v12] = SAMPLE_BOT_VERSIONS;
    expect(intents(v12.nlu)).toContain('change_address');
    expect(intents(v11.nlu)).not.toContain('change_address');
    expect(intents(v11.nlu).length).toBe(intents(v12.nlu).length - 1);
    expect(v11.daysAgo).toBeGreaterThan(v12.daysAgo);
  });

  it('leaves three of the sample\'s reasons for contact as gaps, and knows the rest', () => {
    const known = new Set(intents(SAMPLE_BOT_VERSIONS[1].nlu));
    expect(INTENTS.filter((i) => !known.has(i.name)).map((i) => i.name).sort()).toEqual(['account_closure', 'charged_twice', 'top_up_failed']);
  });
});
