import { SeamException } from '../../common/seam.exception';
import { ConversationEntity } from './conversation.entity';
import { ConversationFilter, ConversationsRepository } from './conversations.repository';
import { parseBound } from '../../common/filters';
import { ConversationsService, decodeCursor, encodeCursor } from './conversations.service';

function conversation(id: string, startedAt: number): ConversationEntity {
  return Object.assign(new ConversationEntity(), { id, source: 's', externalId: id, startedAt, endedAt: startedAt, messageCount: 1, customerTurns: 1, botTurns: 0, agentTurns: 0, hadHandoff: false, botFallbacks: 0, resolved: false, csat: null, visible: true, metadata: null, textPurgedAt: null, customerId: null, channel: null, firstHandoffAt: null, lastImportRunId: 1 });
}

describe('ConversationsService', () => {
  it('reads date bounds: a date alone covers its whole day as an end', () => {
    expect(parseBound('2024-05-01', 'from', false)).toBe(Date.UTC(2024, 4, 1));
    expect(parseBound('2024-05-01', 'to', true)).toBe(Date.UTC(2024, 4, 2));
    expect(parseBound('2024-05-01T10:00', 'to', true)).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseBound('2024-05-01T10:00:00+02:00', 'to', true)).toBe(Date.UTC(2024, 4, 1, 8));
    expect(() => parseBound('2024-02-31x', 'to', true)).toThrow(SeamException);
  });

  it('round-trips a cursor and refuses a forged one', () => {
    const id = 'a'.repeat(32);
    expect(decodeCursor(encodeCursor(123, id))).toEqual({ startedAt: 123, id });
    expect(() => decodeCursor(Buffer.from('1|../etc').toString('base64url'))).toThrow(/cursor/);
  });

  it('asks for one row more than the page to know whether there is a next page', async () => {
    const calls: ConversationFilter[] = [];
    const rows = [conversation('c'.repeat(32), 3), conversation('b'.repeat(32), 2), conversation('a'.repeat(32), 1)];
    const repo = { list: async (f: ConversationFilter) => (calls.push(f), rows.slice(0, f.limit).map((c) => ({ conversation: c, customerExternalId: null }))) } as unknown as ConversationsRepository;
    const service = new ConversationsService(repo);
    const page = await service.list({ limit: 2, handoff: 'false', channel: 'web' });
    expect(calls[0]).toMatchObject({ limit: 3, hadHandoff: false, channel: 'web' });
    expect(page.items.map((c) => c.id)).toEqual(['c'.repeat(32), 'b'.repeat(32)]);
    expect(decodeCursor(page.nextCursor!)).toEqual({ startedAt: 2, id: 'b'.repeat(32) });
    const last = await service.list({ limit: 5 });
    expect(last.nextCursor).toBeNull();
    await expect(service.list({ from: '2024-05-02', to: '2024-05-01' })).rejects.toThrow(/from must be before to/);
  });
});
