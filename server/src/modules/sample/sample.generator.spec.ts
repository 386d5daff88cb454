import { generateSample } from './sample.generator';

describe('generateSample', () => {
  const options = { seed: 5, conversations: 400, end: Date.UTC(2024, 5, 1), days: 14 };
  const messages = [...generateSample(options)];

  it('is the same for the same seed', () => {
    expect([...generateSample(options)]).toEqual(messages);
    expect([...generateSample({ ...options, seed: 6 })]).not.toEqual(messages);
  });

  it('keeps every message inside the window, in order within its conversation', () => {
    const start = options.end - options.days * 86_400_000;
    const byConversation = new Map<string, string[]>();
    for (const m of messages) {
      const t = Date.parse(m.timestamp);
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(options.end);
      byConversation.set(m.conversation_id, [...(byConversation.get(m.conversation_id) ?? []), m.timestamp]);
    }
    for (const times of byConversation.values()) expect([...times].sort()).toEqual(times);
  });

  it('has the mix managers look for: handoffs, fallbacks, CSAT, Chinese, returning customers', () => {
    const conversations = new Set(messages.map((m) => m.conversation_id)).size;
    const share = (event: string) => new Set(messages.filter((m) => m.event === event).map((m) => m.conversation_id)).size / conversations;
    expect(share('handoff')).toBeGreaterThan(0.15);
    expect(share('handoff')).toBeLessThan(0.7);
    expect(share('bot_fallback')).toBeGreaterThan(0.1);
    expect(share('csat')).toBeGreaterThan(0.05);
    expect(messages.some((m) => /[\u4e00-\u9fff]/.test(m.text))).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const m of messages.filter((x) => x.message_id.endsWith('-1'))) perCustomer.set(m.customer_id, (perCustomer.get(m.customer_id) ?? 0) + 1);
    expect([...perCustomer.values()].some((n) => n > 1)).toBe(true);
  });

  it('words what customers write in many ways, as real customers do', () => {
    const sample = [...generateSample({ ...options, conversations: 3000 })];
    expect(new Set(sample.filter((m) => m.role === 'customer').map((m) => m.text)).size).toBeGreaterThan(1000);
  });
});
