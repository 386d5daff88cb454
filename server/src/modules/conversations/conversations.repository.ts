import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { bind, engineOf, metadataField } from '../../database/dialect';
import { ConversationEntity } from './conversation.entity';
import { CustomerEntity } from './customer.entity';
import { MessageEntity } from './message.entity';
import type { ConversationAnalysis } from '#contracts';

export interface ConversationFilter {
  fromMs?: number;
  toMs?: number;
  channel?: string;
  customer?: string;
  source?: string;
  hadHandoff?: boolean;
  intentId?: number;
  outcome?: string;
  segment?: 'new' | 'returning';
  meta?: { field: string; value: string };
  text?: string;
  /** Keyset: conversations strictly before (startedAt, id) in the newest-first order. */
  after?: { startedAt: number; id: string };
  limit: number;
}

export interface MessageAnalysisRow {
  messageId: string;
  intentId: number | null;
  intentLabel: string | null;
  sentiment: number | null;
  sentimentLabel: string | null;
  sentimentEngine: string | null;
}

export type ConversationAnalysisRow = ConversationAnalysis;

export interface ConversationWithCustomer {
  conversation: ConversationEntity;
  customerExternalId: string | null;
}

/** One message of an export, with its conversation's analysis and metrics beside it. */
export interface ExportRow {
  source: string;
  conversation_id: string;
  customer_id: string | null;
  channel: string | null;
  message_id: string | null;
  seq: number;
  sent_at: number;
  role: string;
  text: string;
  event: string | null;
  event_value: number | null;
  bot_intent: string | null;
  bot_confidence: number | null;
  agent_id: string | null;
  /** The message's metadata as stored (JSON text). */
  metadata: string | null;
  conversation_metadata: string | null;
  /** When retention deleted the conversation's text (epoch ms). */
  text_deleted_at: number | null;
  sentiment: number | null;
  sentiment_label: string | null;
  sentiment_engine: string | null;
  message_intent: string | null;
  conversation_intent: string | null;
  outcome: string | null;
  bot_engaged: number | null;
  handoff: number | null;
  contained: number | null;
  deflected: number | null;
  csat: number | null;
  conversation_sentiment_start: number | null;
  conversation_sentiment_end: number | null;
  conversation_sentiment_min: number | null;
  conversation_sentiment_max_drop: number | null;
  flags: string | null;
}

@Injectable()
export class ConversationsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(filter: ConversationFilter): Promise<ConversationWithCustomer[]> {
    const qb = this.ds
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .leftJoin(CustomerEntity, 'cu', 'cu.id = c.customer_id')
      .addSelect('cu.external_id', 'customer_external_id')
      .where('c.visible = 1');
    if (filter.fromMs !== undefined) qb.andWhere('c.started_at >= :fromMs', { fromMs: filter.fromMs });
    if (filter.toMs !== undefined) qb.andWhere('c.started_at < :toMs', { toMs: filter.toMs });
    if (filter.channel !== undefined) qb.andWhere('c.channel = :channel', { channel: filter.channel });
    if (filter.source !== undefined) qb.andWhere('c.source = :source', { source: filter.source });
    if (filter.customer !== undefined) qb.andWhere('cu.external_id = :customer', { customer: filter.customer });
    if (filter.hadHandoff !== undefined) qb.andWhere('c.had_handoff = :handoff', { handoff: filter.hadHandoff ? 1 : 0 });
    if (filter.intentId !== undefined || filter.outcome !== undefined || filter.segment !== undefined) {
      qb.innerJoin('conversation_metrics', 'cm', 'cm.conversation_id = c.id');
      if (filter.intentId !== undefined) qb.andWhere('cm.intent_id = :intentId', { intentId: filter.intentId });
      if (filter.outcome !== undefined) qb.andWhere('cm.outcome = :outcome', { outcome: filter.outcome });
      if (filter.segment !== undefined) qb.andWhere('cm.returning_customer = :returning', { returning: filter.segment === 'returning' ? 1 : 0 });
    }
    if (filter.meta !== undefined) qb.andWhere(`${metadataField(engineOf(this.ds), 'c.id', filter.meta.field)} = :metaValue`, { metaValue: filter.meta.value });
    if (filter.text !== undefined) {
      qb.andWhere('EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND LOWER(m.text) LIKE :text)', { text: `%${filter.text.toLowerCase().replace(/[%_]/g, '')}%` });
    }
    if (filter.after) {
      const { startedAt, id } = filter.after;
      qb.andWhere(
        new Brackets((w) => {
          w.where('c.started_at < :afterStarted', { afterStarted: startedAt }).orWhere('(c.started_at = :afterStarted AND c.id < :afterId)', { afterId: id });
        }),
      );
    }
    qb.orderBy('c.started_at', 'DESC').addOrderBy('c.id', 'DESC').limit(filter.limit);
    const { entities, raw } = await qb.getRawAndEntities();
    return entities.map((conversation, i) => ({ conversation, customerExternalId: raw[i]?.customer_external_id ?? null }));
  }

  async findVisible(id: string): Promise<ConversationWithCustomer | null> {
    const conversation = await this.ds.getRepository(ConversationEntity).findOneBy({ id, visible: true });
    if (!conversation) return null;
    const customer = conversation.customerId ? await this.ds.getRepository(CustomerEntity).findOneBy({ id: conversation.customerId }) : null;
    return { conversation, customerExternalId: customer?.externalId ?? null };
  }

  /** What the analysis said of a conversation: per customer message, and for the whole conversation. */
  async analysis(conversationId: string): Promise<{ messages: MessageAnalysisRow[]; conversation: ConversationAnalysisRow | null }> {
    const messages: MessageAnalysisRow[] = await this.ds.query(
      bind(
        engineOf(this.ds),
        `SELECT a.message_id AS "messageId", a.intent_id AS "intentId", COALESCE(i.custom_label, i.label) AS "intentLabel", a.sentiment AS "sentiment",
                a.sentiment_label AS "sentimentLabel", r.sentiment_engine AS "sentimentEngine"
         FROM message_analysis a LEFT JOIN intents i ON i.id = a.intent_id LEFT JOIN analysis_runs r ON r.id = a.analysis_run_id
         WHERE a.conversation_id = ?`,
      ),
      [conversationId],
    );
    const [conversation] = await this.ds.query(
      bind(
        engineOf(this.ds),
        `SELECT ca.intent_id AS "intentId", COALESCE(i.custom_label, i.label) AS "intentLabel", ca.sentiment_start AS "start", ca.sentiment_end AS "end",
                ca.sentiment_min AS "min", ca.sentiment_max_drop AS "maxDrop"
         FROM conversation_analysis ca LEFT JOIN intents i ON i.id = ca.intent_id WHERE ca.conversation_id = ?`,
      ),
      [conversationId],
    );
    return { messages, conversation: conversation ?? null };
  }

  /** The messages of these conversations for an export, each conversation's in order, with their analysis. */
  async exportRows(conversationIds: string[]): Promise<ExportRow[]> {
    const marks = conversationIds.map(() => '?').join(',');
    const rows: (ExportRow & { internal_id: string })[] = await this.ds.query(
      bind(
        engineOf(this.ds),
        `SELECT m.conversation_id AS internal_id, c.source, c.external_id AS conversation_id, cu.external_id AS customer_id, c.channel, m.external_id AS message_id, m.seq, m.sent_at,
                m.role, m.text, m.event, m.event_value, m.bot_intent, m.bot_confidence, m.agent_id, m.metadata, c.metadata AS conversation_metadata, c.text_purged_at AS text_deleted_at, a.sentiment, a.sentiment_label, r.sentiment_engine,
                COALESCE(mi.custom_label, mi.label) AS message_intent, COALESCE(ci.custom_label, ci.label) AS conversation_intent,
                cm.outcome, cm.bot_engaged, cm.handoff, cm.contained, cm.deflected, cm.csat,
                ca.sentiment_start AS conversation_sentiment_start, ca.sentiment_end AS conversation_sentiment_end,
                ca.sentiment_min AS conversation_sentiment_min, ca.sentiment_max_drop AS conversation_sentiment_max_drop, NULL AS flags
         FROM messages m
         JOIN conversations c ON c.id = m.conversation_id
         LEFT JOIN customers cu ON cu.id = c.customer_id
         LEFT JOIN message_analysis a ON a.message_id = m.id
         LEFT JOIN analysis_runs r ON r.id = a.analysis_run_id
         LEFT JOIN intents mi ON mi.id = a.intent_id
         LEFT JOIN conversation_analysis ca ON ca.conversation_id = c.id
         LEFT JOIN intents ci ON ci.id = ca.intent_id
         LEFT JOIN conversation_metrics cm ON cm.conversation_id = c.id
         WHERE m.conversation_id IN (${marks})`,
      ),
      conversationIds,
    );
    const flags: { conversation_id: string; reasons: string }[] = await this.ds.query(
      bind(engineOf(this.ds), `SELECT conversation_id, reason AS reasons FROM flags WHERE active = 1 AND conversation_id IN (${marks}) ORDER BY conversation_id, severity_rank DESC, reason`),
      conversationIds,
    );
    const reasons = new Map<string, string[]>();
    for (const f of flags) {
      const list = reasons.get(f.conversation_id);
      if (list) list.push(f.reasons);
      else reasons.set(f.conversation_id, [f.reasons]);
    }
    const byConversation = new Map<string, ExportRow[]>();
    for (const { internal_id: id, ...r } of rows) {
      const row = {
        ...r,
        seq: Number(r.seq),
        sent_at: Number(r.sent_at),
        event_value: r.event_value === null ? null : Number(r.event_value),
        bot_confidence: r.bot_confidence === null ? null : Number(r.bot_confidence),
        text_deleted_at: r.text_deleted_at === null ? null : Number(r.text_deleted_at),
        flags: reasons.get(id)?.join(';') ?? null,
      };
      const list = byConversation.get(id);
      if (list) list.push(row);
      else byConversation.set(id, [row]);
    }
    return conversationIds.flatMap((id) => (byConversation.get(id) ?? []).sort((a, b) => a.sent_at - b.sent_at || a.seq - b.seq));
  }

  /** The transcript in order (an import's messages arrive with its last transaction, never half). */
  transcript(conversationId: string): Promise<MessageEntity[]> {
    return this.ds
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId', { conversationId })
      .orderBy('m.sent_at', 'ASC')
      .addOrderBy('m.seq', 'ASC')
      .getMany();
  }
}
