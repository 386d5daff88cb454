import { strToU8, zipSync } from 'fflate';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { definitionFiles, filesOf, readDefinition } from './bot-definition';

const read = (name: string, text: string) => readDefinition(name, filesOf(name, Buffer.from(text)));
const intents = (d: { intents: { name: string; examples: string[] }[] }) => Object.fromEntries(d.intents.map((i) => [i.name, i.examples]));

describe('a bot\'s definition', () => {
  it('reads Rasa 3 NLU YAML, without entity annotations, skipping synonyms and lookups', () => {
    const d = read(
      'nlu.yml',
      `version: "3.1"
nlu:
- intent: greet
  examples: |
    - hey
    - hello there
- intent: check_balance
  examples: |
    - what's my [savings](account) balance
    - how much is in my [checking]{"entity": "account"} account
- synonym: savings
  examples: |
    - saving
- lookup: city
  examples: |
    - Berlin
- intent: 查询余额
  examples:
    - text: 我的余额是多少
      metadata: { sentiment: neutral }
`,
    );
    expect(d.format).toBe('rasa-yaml');
    expect(intents(d)).toEqual({
      greet: ['hey', 'hello there'],
      check_balance: ["what's my savings balance", 'how much is in my checking account'],
      查询余额: ['我的余额是多少'],
    });
  });

  it('names the file, line, intent and field of a bad YAML definition', () => {
    expect(() => read('nlu.yml', 'nlu:\n- intent: greet\n  examples: |\n    - hi\n    hello\n')).toThrow('nlu.yml: line 5: intent "greet": examples: each line must start with "- "');
    expect(() => read('nlu.yml', 'nlu:\n- intent: greet\n')).toThrow('nlu.yml: line 2: intent "greet": examples: is missing');
    expect(() => read('nlu.yml', 'nlu: [\n')).toThrow(/nlu\.yml: line \d+: not valid YAML/);
    expect(() => read('domain.yml', 'intents:\n- greet\n')).toThrow('domain.yml: nlu: no nlu: section');
  });

  it('reads Rasa JSON and Markdown training data', () => {
    const json = read('nlu.json', JSON.stringify({ rasa_nlu_data: { common_examples: [{ text: 'hi', intent: 'greet' }, { text: 'show my [balance](thing)', intent: 'balance', entities: [] }] } }));
    expect(json.format).toBe('rasa-json');
    expect(intents(json)).toEqual({ greet: ['hi'], balance: ['show my balance'] });
    const md = read('nlu.md', '## intent:greet\n- hi\n- hello\n\n## synonym:savings\n- saving\n## intent:bye\n- bye now\n');
    expect(intents(md)).toEqual({ greet: ['hi', 'hello'], bye: ['bye now'] });
    expect(() => read('nlu.json', '{"rasa_nlu_data": {"common_examples": [{"text": "hi"}]}}')).toThrow('nlu.json: common_examples[0]: intent: must be a name');
    expect(() => read('nlu.json', '{"a": 1,\n "b": }')).toThrow(/nlu\.json: line 2: not valid JSON/);
  });

  it('reads a Dialogflow ES agent export (zip), intents without phrases included', () => {
    const zip = zipSync({
      'agent.json': strToU8('{"description": "bank"}'),
      'intents/Default Fallback Intent.json': strToU8('{"name": "Default Fallback Intent", "fallbackIntent": true}'),
      'intents/card.lost.json': strToU8('{"name": "card.lost"}'),
      'intents/card.lost_usersays_en.json': strToU8(JSON.stringify([{ data: [{ text: 'I lost my ' }, { text: 'card', alias: 'thing', meta: '@thing' }], count: 0 }, { data: [{ text: 'my card is gone' }] }])),
      'intents/card.lost_usersays_zh-cn.json': strToU8(JSON.stringify([{ data: [{ text: '我的卡丢了' }] }])),
    });
    const d = readDefinition('agent.zip', filesOf('agent.zip', zip));
    expect(d.format).toBe('dialogflow-es');
    expect(intents(d)).toEqual({ 'card.lost': ['I lost my card', 'my card is gone', '我的卡丢了'], 'Default Fallback Intent': [] });
  });

  it('reads a Dialogflow CX agent export from a folder, and a CX intents list', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-cx-'));
    mkdirSync(path.join(dir, 'intents', 'refund.status', 'trainingPhrases'), { recursive: true });
    writeFileSync(path.join(dir, 'agent.json'), '{"displayName": "shop"}');
    writeFileSync(path.join(dir, 'intents', 'refund.status', 'refund.status.json'), '{"name": "abc", "displayName": "refund.status"}');
    writeFileSync(
      path.join(dir, 'intents', 'refund.status', 'trainingPhrases', 'en.json'),
      JSON.stringify({ trainingPhrases: [{ id: '1', parts: [{ text: 'where is my ' }, { text: 'refund', parameterId: 'thing' }], repeatCount: 1, languageCode: 'en' }] }),
    );
    const d = readDefinition('shop', definitionFiles(dir, 'shop'));
    expect(d.format).toBe('dialogflow-cx');
    expect(intents(d)).toEqual({ 'refund.status': ['where is my refund'] });
    const list = read('intents.json', JSON.stringify({ intents: [{ displayName: 'greet', trainingPhrases: [{ parts: [{ text: 'hello' }] }] }] }));
    expect(intents(list)).toEqual({ greet: ['hello'] });
  });

  it('reads a CSV of intent and example, and says which line and column is wrong', () => {
    const d = read('bot.csv', 'intent,example\nrefund,"where is my refund, please"\nrefund,refund status\ngreet,hi\n');
    expect(intents(d)).toEqual({ refund: ['where is my refund, please', 'refund status'], greet: ['hi'] });
    expect(() => read('bot.csv', 'name,text\nrefund,hi\n')).toThrow('bot.csv: line 1: intent: the header needs an intent column');
    expect(() => read('bot.csv', 'intent,example\nrefund,\n')).toThrow('bot.csv: line 2: example: is empty');
  });

  it('reads a Rasa project folder: nlu files merged, domain and stories skipped', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-rasa-'));
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'domain.yml'), 'intents:\n  - greet\n');
    writeFileSync(path.join(dir, 'data', 'stories.yml'), 'stories:\n- story: s\n  steps: []\n');
    writeFileSync(path.join(dir, 'data', 'nlu.yml'), 'nlu:\n- intent: greet\n  examples: |\n    - hi\n');
    writeFileSync(path.join(dir, 'data', 'more.yml'), 'nlu:\n- intent: greet\n  examples: |\n    - hello\n    - hi\n');
    expect(intents(readDefinition('bot', definitionFiles(dir, 'bot')))).toEqual({ greet: ['hello', 'hi'] });
  });

  it('says plainly when a file holds no definition', () => {
    expect(() => read('notes.txt', 'hello')).toThrow('notes.txt: no intents found');
  });
});
