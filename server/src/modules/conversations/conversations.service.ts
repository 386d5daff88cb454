import { Injectable } from '@nestjs/common';
import { dateRange, metaFilter } from '../../common/filters';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { ConversationAnalysisRow, ConversationsRepository, ConversationFilter } from './conversations.repository';
import type { ConversationPage } from '#contracts';
import { ConversationDto, ConversationSetQuery, ListConversationsQuery, mapConversation, mapMessage, MessageDto } from './dtos/conversation.dto';


export function encodeCursor(startedAt: number | null, id: string): string {
  return Buffer.from(`${startedAt ?? 0}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { startedAt: number; id: string } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = Number(ms);
  if (!Number.isInteger(startedAt) || !id || !/^[0-9a-f]{32}$/.test(id)) {
    throw new SeamException(SeamErrorCode.BadFilter, 'cursor is not one this API returned');
  }
  return { startedAt, id };
}

/** The repository's filter for a set of conversations, checked (a bad date or range is a 400). */
export function filterOf(query: ConversationSetQuery, limit: number): ConversationFilter {
  const filter: ConversationFilter = { limit, ...dateRange(query) };
  if (query.channel) filter.channel = query.channel;
  if (query.customer) filter.customer = query.customer;
  if (query.source) filter.source = query.source;
  if (query.handoff) filter.hadHandoff = query.handoff === 'true';
  if (query.intent !== undefined) filter.intentId = query.intent;
  if (query.outcome) filter.outcome = query.outcome;
  if (query.segment) filter.segment = query.segment;
  filter.meta = metaFilter(query.meta);
  if (query.q?.trim()) filter.text = query.q.trim();
  return filter;
}

@Injectable()
export class ConversationsService {
  constructor(private readonly repo: ConversationsRepository) {}

  async list(query: ListConversationsQuery): Promise<ConversationPage> {
    const limit = query.limit ?? 50;
    const filter = filterOf(query, limit + 1);
    if (query.cursor) filter.after = decodeCursor(query.cursor);
    const rows = await this.repo.list(filter);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => mapConversation(r.conversation, r.customerExternalId)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.conversation.startedAt, last.conversation.id) : null,
    };
  }

  async get(id: string): Promise<ConversationDto & { messages: MessageDto[]; analysis: ConversationAnalysisRow | null }> {
    const found = /^[0-9a-f]{32}$/.test(id) ? await this.repo.findVisible(id) : null;
    if (!found) throw new SeamException(SeamErrorCode.NotFound, `no conversation ${id}`);
    const [messages, analysis] = await Promise.all([this.repo.transcript(id), this.repo.analysis(id)]);
    const byMessage = new Map(analysis.messages.map((a) => [a.messageId, a]));
    return {
      ...mapConversation(found.conversation, found.customerExternalId),
      analysis: analysis.conversation,
      messages: messages.map((m) => {
        const a = byMessage.get(m.id);
        return { ...mapMessage(m), analysis: a ? { intentId: a.intentId, intent: a.intentLabel, sentiment: a.sentiment, sentimentLabel: a.sentimentLabel, engine: a.sentimentEngine } : null };
      }),
    };
  }
}
