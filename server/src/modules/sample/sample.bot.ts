/**
 * The sample bot's own definition, as its team would keep it in Rasa (nlu.yml): the intents it was trained on,
 * worded the way its designers wrote them, not the way the sample's customers do. Version 12 knows nine of the
 * sample's twelve reasons for contact; being charged twice, closing an account and failed top-ups are what it has
 * not learnt (the gaps), and it has the usual small-talk intents. Version 11, six weeks before the sample's end,
 * did not know change_address yet: version 12 taught it, two weeks before the end (the generator's bot understands
 * it from then on), so the before/after comparison has something to show.
 */
export const SAMPLE_BOT_NAME = 'support-bot';

const NLU_12 = `version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi there
    - good morning
    - 你好
- intent: thankyou
  examples: |
    - thanks a lot
    - thank you
    - 谢谢
- intent: goodbye
  examples: |
    - bye
    - see you later
- intent: affirm
  examples: |
    - yes
    - correct
- intent: deny
  examples: |
    - no
    - not really
- intent: card_arrival
  examples: |
    - when will I receive my card
    - my new card has not been delivered
    - how long until my card arrives
    - track my card delivery
    - the card I ordered is not here yet
- intent: refund_status
  examples: |
    - what is the status of my refund
    - I have not received my refund
    - when do I get my money back
    - refund still pending
    - how long does a refund take
- intent: lost_or_stolen_card
  examples: |
    - I lost my card
    - my card was stolen
    - block my card
    - freeze my card please
- intent: password_reset
  examples: |
    - reset my password
    - I forgot my password
    - I cannot log in to my account
    - password reset link not working
- intent: delivery_delay
  examples: |
    - my parcel is late
    - my order has not arrived
    - where is my delivery
    - tracking has not updated
    - package marked delivered but not received
- intent: cancel_order
  examples: |
    - cancel my order
    - I want to cancel a purchase
    - can I still cancel my order
- intent: change_address
  examples: |
    - change my delivery address
    - update my address
    - I moved, new address
- intent: 查询物流
  examples: |
    - 我的快递到哪了
    - 查一下物流
    - 包裹什么时候到
    - 物流信息没有更新
- intent: 退款
  examples: |
    - 我要退款
    - 退款多久到账
    - 申请退款
`;

/** The sample bot's versions, oldest first: name, days before the sample's end it went live, its nlu.yml. */
export const SAMPLE_BOT_VERSIONS: { version: string; daysAgo: number; nlu: string }[] = [
  { version: '11', daysAgo: 42, nlu: NLU_12.replace(/- intent: change_address\n(    - .*\n|  examples: \|\n)+/, '') },
  { version: '12', daysAgo: 14, nlu: NLU_12 },
];
