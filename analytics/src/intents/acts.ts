/**
 * Conversation acts: what a message does in the conversation rather than what it is about — greetings, thanks,
 * goodbyes, yes and no, "ok", chasing for an update, "done" / "DM sent", "still not working", asking for a person.
 * They are counted and shown on their own and kept out of intent discovery: in real logs they are the largest
 * groups of messages ("Nope", "thanks", "DM sent") and say nothing about why the customer came.
 *
 * A message is an act when, read as words (Latin scripts) and characters (Chinese), it is made of act phrases and
 * fillers with at most one other word or character ("Thank you Spotify", "好的亲"): "thanks, but my playlist is
 * gone" is about a playlist. The built-in phrases cover English and Chinese; a bot's own intents named like acts
 * (Rasa's `greet`, `affirm`, `deny`, `goodbye`…) add their training examples.
 */

import { CONVERSATION_ACTS, ConversationAct } from '#contracts';

export const ACTS = CONVERSATION_ACTS;
export type Act = ConversationAct;

const PHRASES: Record<Exclude<Act, 'details'>, string[]> = {
  ask_human: [
    'human', 'a human', 'human please', 'agent', 'an agent', 'live agent', 'real person', 'a real person', 'a person', 'person please', 'talk to a human',
    'speak to a human', 'talk to a person', 'speak to a person', 'talk to someone', 'speak to someone', 'speak to an agent', 'talk to an agent',
    'representative', 'operator', 'customer service', 'human agent', 'connect me to an agent', 'speak to a real person', 'talk to a real person',
    'speak to a human being', 'talk to a human being', 'get me someone', 'get me a human', 'get me a person', 'get me an agent', 'get me a real person',
    'someone real', 'a real human', 'real human', 'transfer me to an agent', 'transfer me to a human',
    '转人工', '我要转人工', '我要人工', '人工', '人工客服', '人工服务', '找人工', '真人', '转接人工', '人工坐席',
  ],
  still_broken: [
    'still not working', 'still doesnt work', 'still does not work', 'still broken', 'still the same', 'still happening', 'still having the issue',
    'still having the same issue', 'still having issues', 'same issue', 'same problem', 'same thing', 'not working', 'doesnt work', 'didnt work',
    'did not work', 'it didnt work', 'still no', 'still nothing', 'still', 'no luck', 'still no luck', 'not fixed', 'still not fixed', 'no change', 'not solved', 'still not solved', 'not resolved', 'still not resolved',
    'still unresolved', 'still an issue', 'still a problem',
    '还是不行', '还是没用', '还是一样', '没用', '不行啊', '还是不可以', '没反应', '还是没反应', '还没好', '还没解决', '怎么还没解决', '还是没解决', '没解决',
  ],
  chasing: [
    'any update', 'any updates', 'any news', 'update please', 'updates please', 'still waiting', 'still no reply', 'still no response',
    'still no answer', 'any response', 'any word', 'whats the status', 'status update', 'status please', 'waiting', 'im waiting', 'ive been waiting',
    'still waiting for a response', 'please respond', 'anyone', 'waiting forever', 'been waiting forever', 'i have been waiting forever', 'ive been waiting forever',
    'ive been waiting for ages', 'waiting for ages', 'still no update', 'no update yet', 'no reply yet', 'hello anyone', 'anybody', 'are you still there', 'any progress',
    '怎么样了', '有消息吗', '有进展吗', '人呢', '还在吗', '怎么不回', '怎么不回复', '怎么不说话', '回复一下', '等了很久', '等着呢', '快点', '有答案了吗', '有结果了吗', '有回复吗',
  ],
  done: [
    'done', 'did it', 'i did', 'did that', 'i did that', 'dm sent', 'dmd', 'dmed', 'i dmed you', 'dmed you', 'sent', 'sent you a dm', 'sent a dm',
    'sent you a message', 'just sent', 'messaged you', 'followed', 'i followed', 'followed you', 'tried that', 'i tried that', 'tried', 'already done',
    'already did', 'already tried', 'already tried that', 'yes i did', 'just did', 'i have done that', 'completed', 'check dm', 'check your dm',
    'check dms', 'sent it', 'all done',
    '好了', '弄好了', '搞定了', '发了', '已经发了', '试过了', '已经试过了', '完成了', '提交了', '已提交',
  ],
  negate: ['no', 'nope', 'nah', 'not really', 'no thanks', 'no thank you', 'negative', 'not at all', 'never mind', 'nevermind', 'nvm', 'wrong', 'no it isnt', 'no it didnt', 'no it doesnt', 'not yet', 'not now', 'not right now', 'not at the moment', 'not at this moment', 'not right at this moment', 'maybe later', 'maybe another time', 'perhaps later', 'perhaps at a later time', 'maybe at a later time', 'another time', 'not today', 'no i dont', 'no i do not', 'i dont', 'i do not', 'dont', 'do not', 'no need', 'not needed', 'that is not needed', 'later', '不是', '不对', '没有', '不用', '不用了', '不要', '不需要', '没', '还没有'],
  affirm: [
    'yes', 'yeah', 'yea', 'yep', 'yup', 'ya', 'sure', 'correct', 'right', 'exactly', 'absolutely', 'of course', 'definitely', 'indeed', 'yes please',
    'that works', 'that would be great', 'affirmative', 'true', 'please do', 'go ahead', 'yes it is', 'yes it does', 'that is right', 'thats right',
    'thats correct', 'that is correct', 'sounds good', 'sounds great', 'i confirm', 'confirm', 'confirmed',
    '是', '是的', '对', '对的', '对啊', '没错', '可以', '要', '需要', '是滴', '对呀', '是啊',
  ],
  thanks: [
    'thanks', 'thank you', 'thx', 'ty', 'tysm', 'thank u', 'thanks a lot', 'many thanks', 'cheers', 'appreciate it', 'much appreciated',
    'thanks so much', 'thank you so much', 'thank you very much', 'thanks a bunch', 'thankyou', 'tks', 'tnx', 'appreciated', 'thanks again',
    'thank you again', 'thanks for the help', 'thanks for your help', 'thank you for your help', 'thanks for helping',
    'thanks for that', 'thanks for the information', 'thanks for the info', 'thank you for the information', 'thank you for the info', 'thank you for helping',
    'thanks for helping me', 'thanks for helping me out', 'thanks for the assist', 'appreciate your help', 'i appreciate your help', 'i appreciate it',
    'grateful for your help', 'youve been very helpful', 'you have been very helpful', 'youve been helpful', 'very helpful', 'so helpful', 'helpful',
    'that helps', 'that helped', 'that helps a lot', 'that really helps', 'this helps', 'that was helpful', 'that is helpful', 'thats helpful',
    'thank you for your service', 'thanks for your service', 'i am thankful for the help', 'thankful', 'grateful', 'thanks alot', 'thank you for your time',
    'thanks for your time',
    '谢谢', '谢啦', '多谢', '感谢', '谢谢你', '谢谢您', '辛苦了', '麻烦了', '麻烦你了', '麻烦您了', '感谢您', '谢了', '3q',
  ],
  goodbye: [
    'bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'have a good day', 'have a nice day', 'have a great day', 'take care', 'good night',
    'thats all', 'that is all', 'thats it', 'nothing else', 'that will be all', 'thats everything', 'later', 'talk later', 'that would be all', 'thatll be all', 'that is enough', 'thats enough', 'all set', 'im all set', 'i am all set', 'i need nothing else', 'i need nothing more',
    'i dont need anything else', 'i do not need anything else', 'nothing more', 'that is everything i need', 'thats everything i need', 'that is what i needed',
    'thats what i needed', 'that is all i need', 'thats all i need', 'bye for now', 'have a good one', 'have a good night', 'for now', 'nothing', 'thatll be all i need',
    '再见', '拜拜', '没事了', '没别的了', '就这样', '没有了', '没其他问题了', '没问题了', '88',
  ],
  greeting: [
    'hi', 'hello', 'hey', 'hiya', 'howdy', 'good morning', 'good afternoon', 'good evening', 'morning', 'evening', 'greetings', 'hi there',
    'hello there', 'hey there', 'anyone there', 'is anyone there', 'are you there', 'you there', 'yo', 'sup',
    '你好', '您好', '在吗', '在不在', '有人吗', '哈喽', '嗨', '早上好', '晚上好', '下午好', '你好啊', '在么', '在',
  ],
  ack: [
    'ok', 'okay', 'k', 'kk', 'okey', 'okie', 'alright', 'all right', 'got it', 'i see', 'understood', 'cool', 'great', 'fine', 'noted', 'perfect',
    'awesome', 'will do', 'sure thing', 'np', 'no problem', 'no worries', 'lol', 'haha', 'nice', 'good', 'ah ok', 'oh ok', 'makes sense', 'fair enough',
    'brilliant', 'amazing', 'wonderful', 'excellent', 'fantastic', 'sounds perfect', 'that sounds perfect', 'that sounds fine', 'that would be fine',
    'that seems good', 'that is good', 'thats good', 'thanks for letting me know', 'gotcha', 'roger', 'thats fine', 'that is fine', 'i understand', 'hmm', 'oh', 'ah', 'wow', 'oops',
    '好', '好的', '好吧', '嗯', '哦', '噢', '知道了', '我知道了', '明白', '明白了', '我明白了', '收到', '行', '行吧', '好滴', '好嘞', '恩', '嗯嗯', '哦哦', '好哒', '懂了', '了解',
  ],
};

/** Words and characters that may stand around act phrases without making the message about something. */
const FILLERS = new Set(
  (
    'so much very again you u ya guys man mate all for the help your just really a lot oh well um hmm ah please pls plz and then there too team dear ' +
    'sir madam maam btw it that this me i is was im its thats we us yes ok sorry sry again x xx xo right now at the moment to do have been you ve ' +
    '亲 哈 呢 啊 哦 呀 吧 嗯 的 了 啦 么 吗 哈哈 呵呵 那 就 先 也 还 都 很 非常 真 一下 下 哟 嘛 额 噢 呐 哇 耶 喔 客服'
  ).split(/\s+/),
);

/** Longest act message read as one (a long message is about something even when it starts with thanks). */
const MAX_TOKENS = 14;

const HAN_CHAR = /\p{Script=Han}/u;

/** Where an export masked personal data: JDDC's `[订单x]`, `[数字x]`; `<PERSON>`, `{{name}}`, `[NAME]`, `***`. */
const PLACEHOLDERS = /\[(?:订单|数字|姓名|地址|电话|金额|日期|时间|链接|站点|身份证|邮箱|组织机构)x?\]|<[A-Z_]{2,20}>|\{\{\s*\w{1,20}\s*\}\}|\[[A-Z_]{2,20}\]|\*{3,}/g;
const PLACEHOLDER = 'placeholder0';

/** A message as act-matching tokens: words of Latin scripts (letters repeated 3+ times squeezed), single Han characters. */
export function actTokens(text: string): string[] {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/@\w+|#(?!\p{N}+\b)\w+/gu, ' ')
    .replace(/\^\w{1,4}\b/g, ' ')
    .replace(PLACEHOLDERS, ` ${PLACEHOLDER} `)
    .replace(/\[[^\]]{1,12}\]/g, ' ')
    .replace(/['’`]/g, '')
    .replace(/(\p{L})\1{2,}/gu, '$1');
  const out: string[] = [];
  for (const m of cleaned.matchAll(/\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu)) out.push(m[0]);
  return out;
}

interface Phrase {
  act: Act;
  tokens: string[];
}

/** Phrases by their first token, longest first, so the greedy match takes "thank you so much" over "thank". */
function index(phrases: Phrase[]): Map<string, Phrase[]> {
  const byFirst = new Map<string, Phrase[]>();
  for (const p of phrases) {
    if (p.tokens.length === 0) continue;
    const list = byFirst.get(p.tokens[0]) ?? [];
    if (!list.some((q) => q.act === p.act && q.tokens.join(' ') === p.tokens.join(' '))) list.push(p);
    byFirst.set(p.tokens[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || ACTS.indexOf(a.act) - ACTS.indexOf(b.act));
  return byFirst;
}

const BUILT_IN: Phrase[] = ACTS.flatMap((act) => (act === 'details' ? [] : PHRASES[act].map((p) => ({ act, tokens: actTokens(p) }))));

/**
 * Answers that only give a detail asked for — an order number, the last digits of a card, an app version, a device
 * ("order 4411-2290", "iOS 11.0.3", "订单号 99812233") — are an act too: what the customer wrote *about* is in the
 * message before. Words that may stand beside the identifier:
 */
const DETAIL_WORDS = new Set(
  (
    'order number no nr num id ref reference account acct card ending ends end in last four digits digit is its the one my mine phone mobile tel email ' +
    'e mail address postcode zip code version ver v ios android app iphone ipad samsung galaxy pixel huawei xiaomi windows win mac macos os build model ' +
    'device browser chrome safari firefox edge plus pro max mini tracking parcel invoice booking ticket confirmation transaction here it this that from ' +
    'at on with and for of to using running updated latest gb tb number: are was placed ordered bought made paid dated date ' +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun yesterday today last week ago ' +
    'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december ' +
    '订 单 号 码 手 机 账 户 卡 尾 是 就 那 个 这 的 编 版 本 系 统 昨 今 天 快 递 物 流 商 品 id'
  ).split(/\s+/),
);

/** An identifier: a token with a digit (an order number, a version part, a masked "9***"), or a placeholder. */
const IDENTIFIER = /\p{N}/u;

function isDetails(tokens: string[]): boolean {
  if (tokens.length > 10) return false;
  let ids = 0;
  for (const t of tokens) {
    if (t === PLACEHOLDER || IDENTIFIER.test(t)) ids++;
    else if (!DETAIL_WORDS.has(t) && !FILLERS.has(t)) return false;
  }
  return ids > 0;
}

/** The act a bot intent's name stands for (Rasa's and Dialogflow's usual names), or null. */
export function actOfIntentName(name: string): Act | null {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  if (/^(greet|greeting|hello|hi|welcome|defaultwelcomeintent|smalltalkgreeting.*)$/.test(n)) return 'greeting';
  if (/^(goodbye|bye|farewell|smalltalkbye.*)$/.test(n)) return 'goodbye';
  if (/^(thank|thanks|thankyou|smalltalkappraisalthankyou)$/.test(n)) return 'thanks';
  if (/^(affirm|yes|confirm|smalltalkconfirmationyes)$/.test(n)) return 'affirm';
  if (/^(deny|negate|no|smalltalkconfirmationno)$/.test(n)) return 'negate';
  if (/^(ok|okay|ack|acknowledge)$/.test(n)) return 'ack';
  if (/^(human|humanhandoff|handoff|agent|talktohuman|requesthuman|livechat|speaktohuman)$/.test(n)) return 'ask_human';
  return null;
}

export type ActDetector = (text: string) => Act | null;

/**
 * A bot's "did not understand" intents (Rasa's nlu_fallback and out_of_scope, Dialogflow's Default Fallback Intent):
 * what they catch is what the bot does not cover, so they cover nothing.
 */
export function isFallbackIntentName(name: string): boolean {
  return /^(nlu_?fallback|out_?of_?scope|default_?fallback(_?intent)?|fallback|none|no_?match|unknown|chitchat_?fallback)$/.test(name.toLowerCase().replace(/[\s-]+/g, '_'));
}

/** A message without a word: an emoji or a sticker ("👍", "🙏") is an ok, question marks alone chase an answer. */
function wordless(text: string): Act | null {
  const t = text.replace(/https?:\/\/\S+|[@#]\w+|\s/g, '');
  if (/^[?？]+$/.test(t)) return 'chasing';
  if (/\p{Extended_Pictographic}/u.test(t)) return 'ack';
  return null;
}

/** A detector with the built-in phrases and, when given, the examples of a bot's act intents. */
export function actDetector(extra: { act: Act; text: string }[] = []): ActDetector {
  const byFirst = index([...BUILT_IN, ...extra.map((e) => ({ act: e.act, tokens: actTokens(e.text) })).filter((p) => p.tokens.length <= 6)]);
  return (text: string) => {
    const tokens = actTokens(text);
    if (tokens.length === 0) return wordless(text);
    if (tokens.length > MAX_TOKENS) return null;
    if (isDetails(tokens)) return 'details';
    const found = new Set<Act>();
    let matched = 0;
    let other = 0;
    let named = false;
    let i = 0;
    while (i < tokens.length) {
      const match = byFirst.get(tokens[i])?.find((p) => p.tokens.every((t, j) => tokens[i + j] === t));
      if (match) {
        found.add(match.act);
        matched += match.tokens.length;
        i += match.tokens.length;
        continue;
      }
      if (!FILLERS.has(tokens[i])) {
        // A Chinese character beside act phrases changes what they say (你好慢, 不是猪): the message is not an act.
        if (HAN_CHAR.test(tokens[i])) return null;
        other++;
        named = true;
      }
      i++;
    }
    if (found.size === 0 || other > 1) return null;
    const act = ACTS.find((a) => found.has(a))!;
    // One other word beside a one-word act is what the message is about ("still charged", "no refund"), except a
    // name thanked or greeted ("thanks Anna", "hi Spotify").
    if (other === 1 && matched < 2 && !(named && (act === 'thanks' || act === 'greeting' || act === 'goodbye'))) return null;
    // "card not working" opens a conversation about a card; "still not working" follows up on one.
    if (other === 1 && act === 'still_broken' && !tokens.includes('still') && !tokens.includes('again')) return null;
    return act;
  };
}
