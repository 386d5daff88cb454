/**
 * What the sample generator says. Customer phrasings are written in the style of real support queries
 * (short, lower-case, typos, several ways of asking the same thing), in English and Chinese.
 */
export interface IntentSpec {
  name: string;
  lang: 'en' | 'zh';
  /** How often it is the reason for contact, relative to the others. */
  weight: number;
  /** How likely the bot understands it at the first try. */
  botSkill: number;
  /** The bot learnt it this many days before the sample's end (version 12); before, it rarely understood it. */
  learntDaysAgo?: number;
  customer: string[];
  bot: string[];
  agent: string[];
  /** What the customer typically gives the bot, and an agent may ask for again. */
  detail?: { ask: string; give: string[] };
}

export const INTENTS: IntentSpec[] = [
  {
    name: 'card_arrival', lang: 'en', weight: 9, botSkill: 0.85,
    customer: ['my card still hasnt arrived', 'when will my new card arrive?', 'I ordered a card 2 weeks ago and nothing yet', 'card not delivered', 'How long does it take for the card to come in the mail'],
    bot: ['Cards usually arrive within 5 to 7 working days. You can track yours under Cards > Delivery.'],
    agent: ['I can see the card was posted on the 3rd. If it does not arrive by Friday I will order a replacement free of charge.'],
    detail: { ask: 'Could you tell me the last four digits of the card?', give: ['last four are 4821', 'ending 0937', 'its the one ending in 5510'] },
  },
  {
    name: 'refund_status', lang: 'en', weight: 10, botSkill: 0.6,
    customer: ['where is my refund', 'I returned the item 10 days ago and still no refund', 'refund not received yet', 'how long do refunds take??', 'you said i would get my money back, still waiting'],
    bot: ['Refunds are issued within 5 working days of the return reaching our warehouse.'],
    agent: ['I have checked the return: it reached us on Monday and the refund was issued today. It can take 3 days to show on your statement.'],
    detail: { ask: 'Can I have your order number please?', give: ['order 4411-2290', 'my order number is 88123', 'order #551902'] },
  },
  {
    name: 'lost_or_stolen_card', lang: 'en', weight: 5, botSkill: 0.8,
    customer: ['I lost my card', 'my wallet was stolen with my card in it', 'card stolen please block it', 'i cant find my debit card anywhere'],
    bot: ['I have frozen your card. You can order a replacement under Cards > Replace.'],
    agent: ['Your card is blocked and a replacement is on its way. I also checked: no payments were made after you lost it.'],
  },
  {
    name: 'password_reset', lang: 'en', weight: 8, botSkill: 0.9,
    customer: ['forgot my password', 'cant log in', 'how do I reset my password', 'the reset link doesnt work', 'locked out of my account'],
    bot: ['You can reset your password from the login page: tap "Forgot password" and follow the link we email you.'],
    agent: ['I have unlocked the account; the new reset link is valid for one hour.'],
    detail: { ask: 'What email address is on the account?', give: ['its the one I registered with, j.smith at mail', 'same email as always', 'my work email'] },
  },
  {
    name: 'delivery_delay', lang: 'en', weight: 11, botSkill: 0.55,
    customer: ['my order is late', 'parcel hasnt arrived, tracking hasnt moved in 4 days', 'where is my package', 'delivery was supposed to be yesterday', 'the courier says delivered but i have nothing'],
    bot: ['Your parcel is with the courier. Most delayed parcels arrive within 2 extra days.'],
    agent: ['I have opened a claim with the courier and will send a replacement if it does not turn up by Thursday.'],
    detail: { ask: 'Could you give me the order number?', give: ['order 300912', 'its order 77-1023', 'order number 99102'] },
  },
  {
    name: 'cancel_order', lang: 'en', weight: 6, botSkill: 0.75,
    customer: ['I want to cancel my order', 'cancel order pls', 'ordered the wrong size, can i cancel', 'how do i cancel'],
    bot: ['Orders can be cancelled under My orders until they ship. Yours has not shipped yet, so you can cancel it there.'],
    agent: ['Done, the order is cancelled and you will not be charged.'],
    detail: { ask: 'Which order is it?', give: ['order 120045', 'the one from tuesday, 120099'] },
  },
  {
    name: 'charged_twice', lang: 'en', weight: 5, botSkill: 0.35,
    customer: ['I was charged twice', 'double payment on my statement', 'why did you take the money two times', 'there are 2 identical charges on my card'],
    bot: ['Sometimes a pending authorisation looks like a second charge. It disappears within 3 days.'],
    agent: ['You are right, the second charge is a duplicate. I have refunded it.'],
    detail: { ask: 'Can you tell me the amount and the date of the charges?', give: ['49.99 on the 12th, twice', 'two charges of 120.00 yesterday'] },
  },
  {
    name: 'change_address', lang: 'en', weight: 4, botSkill: 0.8, learntDaysAgo: 14,
    customer: ['I moved, how do I update my address', 'change delivery address', 'need to update my address before the order ships'],
    bot: ['You can change your address under Account > Addresses.'],
    agent: ['I have updated the address on the open order as well.'],
  },
  {
    name: 'account_closure', lang: 'en', weight: 3, botSkill: 0.5,
    customer: ['close my account', 'I want to delete my account and all my data', 'how can i terminate my account'],
    bot: ['I am sorry to see you go. You can close your account under Settings > Close account.'],
    agent: ['The account is closed. You will get a confirmation email within a day.'],
  },
  {
    name: 'top_up_failed', lang: 'en', weight: 6, botSkill: 0.45,
    customer: ['top up failed', 'my top-up didnt go through but money left my bank', 'cant add money to my account', 'top up declined again'],
    bot: ['Top-ups can fail when the card issuer declines them. Please try again or use another card.'],
    agent: ['The top-up was held for a security check. I have released it; the balance is updated.'],
  },
  {
    name: '查询物流', lang: 'zh', weight: 6, botSkill: 0.6,
    customer: ['我的快递到哪了', '订单三天了还没发货', '物流怎么一直不更新', '什么时候能送到啊'],
    bot: ['您的包裹正在运输中，预计1-2天内送达。'],
    agent: ['亲，已经帮您催促快递了，明天之前会送到的。'],
    detail: { ask: '麻烦提供一下订单号', give: ['订单号 2023112845', '单号是 1198823'] },
  },
  {
    name: '退款', lang: 'zh', weight: 5, botSkill: 0.4,
    customer: ['我要退款', '退款什么时候到账', '申请退货退款', '东西坏了要求退款'],
    bot: ['退款会在审核通过后1-3个工作日原路退回。'],
    agent: ['已经为您加急处理退款，请注意查收。'],
    detail: { ask: '请问是哪个订单呢？', give: ['订单号 99812233', '就是昨天那个订单 77123'] },
  },
];

export const GREETINGS = { en: ['Hi! I am the virtual assistant. How can I help you today?'], zh: ['您好，我是智能客服小助手，请问有什么可以帮您？'] };
export const FALLBACKS = {
  en: ["Sorry, I didn't quite get that. Could you rephrase?", "I'm not sure I understand. Can you say it differently?"],
  zh: ['抱歉，我没有理解您的意思，请换个说法试试。'],
};
export const ASK_HUMAN = {
  en: ['can I talk to a human', 'agent please', 'I want to speak to a real person', 'this bot is useless, get me someone', 'representative', 'human!!'],
  zh: ['转人工', '人工客服', '我要找人工', '别机器人了，转人工'],
};
export const HANDOFF_NOTICE = { en: 'Transferring you to an agent.', zh: '正在为您转接人工客服，请稍候。' };
export const AGENT_GREETING = { en: ['Hi, this is {agent}, I will help you from here.', 'Hello, {agent} here.'], zh: ['您好，我是客服{agent}，很高兴为您服务。'] };
export const AGENT_ASK_PROBLEM = { en: 'How can I help?', zh: '请问遇到了什么问题？' };
export const THANKS = {
  en: ['thanks', 'thank you!', 'great, thanks', 'ok that helps', 'perfect 👍'],
  zh: ['好的谢谢', '谢谢', '好的'],
};
export const ANGRY = {
  en: ['this is ridiculous', 'I have been waiting forever', 'still not solved?!', 'terrible service'],
  zh: ['太慢了', '怎么还没解决', '服务太差了'],
};
export const AGENTS = ['Sam', 'Priya', 'Lukas', 'Mei', 'Tom', 'Ana'];
export const CHANNELS: [string, number][] = [['web', 0.5], ['whatsapp', 0.3], ['app', 0.2]];
