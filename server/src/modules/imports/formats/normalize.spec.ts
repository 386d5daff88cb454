import { conversationDefaults, fieldFor, normalize, parseRole, parseTimestamp } from './normalize';

describe('parseTimestamp', () => {
  it.each([
    ['2024-05-01T10:00:00Z', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01T12:00:00+02:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01 10:00:00', Date.UTC(2024, 4, 1, 10)],
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['Tue Oct 31 22:10:47 +0000 2017', Date.UTC(2017, 9, 31, 22, 10, 47)],
    ['1714557600', Date.UTC(2024, 4, 1, 10)],
    [1714557600000, Date.UTC(2024, 4, 1, 10)],
    [1714557600.5, Date.UTC(2024, 4, 1, 10) + 500],
    [BigInt(1714557600000), Date.UTC(2024, 4, 1, 10)],
  ])('reads %p', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-13-45T00:00:00Z', '0', -5, '3024-01-01', {}, null])('refuses %p', (input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });
});

describe('parseRole', () => {
  it('maps the names exporters use', () => {
    expect(['USER', 'Visitor', 'end-user', 'inbound'].map(parseRole)).toEqual(['customer', 'customer', 'customer', 'customer']);
    expect(['assistant', 'Virtual Agent', 'chatbot'].map(parseRole)).toEqual(['bot', 'bot', 'bot']);
    expect(['human_agent', 'Operator', 'rep'].map(parseRole)).toEqual(['agent', 'agent', 'agent']);
    expect(['action', 'system'].map(parseRole)).toEqual(['system', 'system']);
    expect(parseRole('robot')).toBeUndefined();
    expect(parseRole(3)).toBeUndefined();
  });
});

describe('fieldFor', () => {
  it('matches names without case, underscores or spaces', () => {
    expect(fieldFor('conversationId')).toBe('conversationId');
    expect(fieldFor('Conversation ID')).toBe('conversationId');
    expect(fieldFor('created_at')).toBe('timestamp');
    expect(fieldFor('utterance')).toBe('text');
    expect(fieldFor('order_total')).toBeUndefined();
  });
});

describe('normalize', () => {
  const row = { conversation_id: 'c1', timestamp: '2024-05-01T10:00:00Z', role: 'user', text: '  hello  ' };

  it('maps a loose row to a record, unknown keys to metadata', () => {
    expect(normalize({ ...row, order_total: '12.50', msg_id: 'm1', Channel: 'web' })).toEqual({
      ok: true,
      record: { conversationId: 'c1', messageId: 'm1', timestamp: Date.UTC(2024, 4, 1, 10), role: 'customer', text: 'hello', channel: 'web', metadata: { order_total: '12.50' } },
    });
  });

  it.each([
    [{ ...row, conversation_id: ' ' }, 'conversation_id', 'missing conversation id'],
    [{ ...row, timestamp: undefined }, 'timestamp', 'missing timestamp'],
    [{ ...row, timestamp: 'soon' }, 'timestamp', 'unparseable timestamp "soon"'],
    [{ ...row, role: '' }, 'role', 'missing role'],
    [{ ...row, role: 'robot' }, 'role', 'unknown role "robot" (expected customer, bot, agent or system)'],
    [{ ...row, text: '' }, 'text', 'empty text'],
    [{ ...row, event: 'explosion' }, 'event', 'unknown event "explosion" (expected handoff, bot_fallback, resolved, csat)'],
    [{ ...row, event: 'csat' }, 'event_value', 'a csat event needs a numeric score'],
    [{ ...row, event: 'csat', score: 'great' }, 'event_value', 'event value "great" is not a number'],
    [{ ...row, metadata: '{oops' }, 'metadata', 'metadata is not valid JSON'],
  ])('refuses %p naming the field', (input, field, reason) => {
    expect(normalize(input as Record<string, unknown>)).toEqual({ ok: false, field, reason });
  });

  it('takes an event without text, and reads `type: message` as no event', () => {
    const handoff = normalize({ ...row, role: 'system', text: '', event: 'Transfer' });
    expect(handoff.ok && handoff.record.event).toBe('handoff');
    const csat = normalize({ ...row, role: 'system', text: '', event: 'rating', csat_score: '4' });
    expect(csat.ok && [csat.record.event, csat.record.eventValue]).toEqual(['csat', 4]);
    const plain = normalize({ ...row, type: 'message' });
    expect(plain.ok && plain.record.event).toBeUndefined();
  });

  it('drops NUL characters, which PostgreSQL text cannot hold; a text of nothing else is empty', () => {
    const result = normalize({ ...row, text: 'card\u0000 blocked', customer_id: 'u\u00001' });
    expect(result).toMatchObject({ ok: true, record: { text: 'card blocked', customerId: 'u1' } });
    expect(normalize({ ...row, text: '\u0000' })).toEqual({ ok: false, field: 'text', reason: 'empty text' });
  });

  it('fills what a message leaves out from its conversation', () => {
    const defaults = conversationDefaults({ id: 'conv-9', customer_id: 'u1', channel: 'app', subject: 'x' });
    expect(defaults).toEqual({ conversationId: 'conv-9', customerId: 'u1', channel: 'app' });
    const result = normalize({ timestamp: '2024-05-01T10:00:00Z', role: 'bot', text: 'hi' }, defaults);
    expect(result).toMatchObject({ ok: true, record: { conversationId: 'conv-9', customerId: 'u1', channel: 'app' } });
  });

  it("keeps the bot's intent and confidence of a customer message; a value that is none goes to metadata, never costing the message", () => {
    const base = { conversation_id: 'c', timestamp: '2024-05-01T10:00:00Z', text: 'where is my refund' };
    const ok = normalize({ ...base, role: 'user', intent: 'refund_status', confidence: '0.82' });
    expect(ok).toMatchObject({ ok: true, record: { botIntent: 'refund_status', botConfidence: 0.82 } });
    const percent = normalize({ ...base, role: 'customer', intent_name: 'refund_status', confidence: 87 });
    expect(percent).toMatchObject({ ok: true, record: { botIntent: 'refund_status', metadata: { bot_confidence: 87 } } });
    expect(percent.ok && percent.record.botConfidence).toBeUndefined();
    const object = normalize({ ...base, role: 'customer', intent: { name: 'x' } });
    expect(object).toMatchObject({ ok: true, record: { metadata: { bot_intent: { name: 'x' } } } });
    // On the bot's own messages such columns are metadata.
    expect(normalize({ ...base, role: 'bot', intent: 'utter_refund', confidence: 1 })).toMatchObject({ ok: true, record: { metadata: { bot_intent: 'utter_refund', bot_confidence: 1 } } });
  });

  it('names no role or event after what every object has ("constructor", "toString")', () => {
    const base = { conversation_id: 'c', timestamp: '2024-05-01T10:00:00Z', text: 'x' };
    expect(normalize({ ...base, role: 'constructor' })).toMatchObject({ ok: false, field: 'role' });
    expect(normalize({ ...base, role: 'customer', event: 'toString' })).toMatchObject({ ok: false, field: 'event' });
  });
});
