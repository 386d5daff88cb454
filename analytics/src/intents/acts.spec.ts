import { actDetector, actOfIntentName, actTokens, isFallbackIntentName } from './acts';

describe('conversation acts', () => {
  const detect = actDetector();

  it.each([
    ['Nope', 'negate'],
    ['Nope :(', 'negate'],
    ['Thank you spotify', 'thanks'],
    ['@SpotifyCares thanks!!', 'thanks'],
    ['DM sent', 'done'],
    ['Done', 'done'],
    ['any update?', 'chasing'],
    ['Still not working', 'still_broken'],
    ['nope still', 'still_broken'],
    ['Hi there', 'greeting'],
    ['ok thanks bye', 'thanks'],
    ['ok that helps', 'thanks'],
    ['Yesss', 'affirm'],
    ['No, not right now. Thanks again.', 'negate'],
    ['I want to talk to a human', 'ask_human'],
    ['human please', 'ask_human'],
    ['I want to speak to a real person', 'ask_human'],
    ['get me someone please', 'ask_human'],
    ['Thanks for your help. I need nothing more.', 'thanks'],
    ['好的', 'ack'],
    ['好的亲', 'ack'],
    ['谢谢', 'thanks'],
    ['辛苦了[玫瑰]', 'thanks'],
    ['在吗', 'greeting'],
    ['我要转人工', 'ask_human'],
    ['还是不行', 'still_broken'],
    ['order 4411-2290', 'details'],
    ['my order number is 88123', 'details'],
    ['iOS 11.0.3', 'details'],
    ['iPhone 8 plus', 'details'],
    ['订单号 99812233', 'details'],
    ['[订单x]', 'details'],
    ['9***', 'details'],
    ['order #551902', 'details'],
    ['the one from tuesday, 120099', 'details'],
    ['last four are 4821', 'details'],
    ['ordered on March 3, #88123', 'details'],
    ['👍', 'ack'],
    ['@AppleSupport 🙏🙏', 'ack'],
    ['??', 'chasing'],
    ['？', 'chasing'],
  ])('%s → %s', (text, act) => {
    expect(detect(text)).toBe(act);
  });

  it.each([
    'thanks, but my playlist is gone',
    'my songs are not available in my country',
    'no refund yet',
    'still charged twice',
    'card not working',
    'payment didnt work',
    'update the app',
    'order status',
    'I was charged twice for premium family, please help',
    '退款什么时候到账',
    'order 300912 is late',
    'order #300912 never arrived',
    'the app crashes on my iPhone 8',
    '你好慢吗',
    '你不是猪吗',
    '我买的数据线充不进去电',
    '',
    'https://t.co/abc',
  ])('%s is not an act', (text) => {
    expect(detect(text)).toBeNull();
  });

  it('reads a long message as about something even when it is polite', () => {
    expect(detect('thanks thanks thanks thanks thanks thanks thanks thanks thanks thanks thanks thanks thanks thanks thanks')).toBeNull();
  });

  it('learns a bot\'s own act intents from their examples', () => {
    expect(detect('cheerio mate')).toBeNull();
    expect(actDetector([{ act: 'goodbye', text: 'cheerio' }])('cheerio mate')).toBe('goodbye');
  });

  it('knows the bots\' fallback intents, which cover nothing', () => {
    expect(['nlu_fallback', 'out_of_scope', 'Default Fallback Intent', 'NO_MATCH'].every(isFallbackIntentName)).toBe(true);
    expect(isFallbackIntentName('check_balance')).toBe(false);
  });

  it('knows the usual names of act intents in Rasa and Dialogflow', () => {
    expect(actOfIntentName('greet')).toBe('greeting');
    expect(actOfIntentName('Default Welcome Intent')).toBe('greeting');
    expect(actOfIntentName('thankyou')).toBe('thanks');
    expect(actOfIntentName('deny')).toBe('negate');
    expect(actOfIntentName('human_handoff')).toBe('ask_human');
    expect(actOfIntentName('check_balance')).toBeNull();
  });

  it('tokenizes words and Chinese characters, squeezing repeated letters and dropping links, handles and emoji', () => {
    expect(actTokens('@Spotify Thaaaanks!!! 😀 https://x.y/z')).toEqual(['thanks']);
    expect(actTokens('好的亲')).toEqual(['好', '的', '亲']);
  });
});
