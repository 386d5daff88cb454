import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JourneyFacts } from '../../../../analytics/src/behaviour/facts';
import type { Contact } from '../../../../analytics/src/behaviour/journeys';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';

/** Customers (or anonymous conversations) per read: a bound on a statement's parameters. */
export const OWNERS = 400;

/** Whose journeys to recompute: customers by Seam's id, and conversations that name no customer. */
export interface JourneyOwners {
  customers: string[];
  anonymous: string[];
}

/**
 * A row of `journey_contacts`: a contact's journey facts, the window they were computed with, and the conversation's
 * facts the behaviour views read, as they were then.
 */
export interface JourneyContactRow extends JourneyFacts {
  customerId: string | null;
  startedAt: number;
  endedAt: number;
  intentId: number | null;
  channel: string | null;
  source: string;
  returningCustomer: boolean | null;
  outcome: string;
  customerTurns: number;
  windowMs: number;
}

/** A conversation as the journeys read it now, and the row it has (null: none yet). */
export interface StoredContact {
  contact: Contact;
  source: string;
  returningCustomer: boolean | null;
  row: JourneyContactRow | null;
}

/** The row a contact gets for these facts, computed with `windowMs`. */
export function journeyRow(s: StoredContact, f: JourneyFacts, windowMs: number): JourneyContactRow {
  const c = s.contact;
  return {
    ...f,
    customerId: c.customerId,
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    intentId: c.intentId,
    channel: c.channel,
    source: s.source,
    returningCustomer: s.returningCustomer,
    outcome: c.outcome,
    customerTurns: c.customerTurns,
    windowMs,
  };
}

/** The table's columns and each one's value in a row. */
const COLUMNS: [string, (r: JourneyContactRow) => string | number | null][] = [
  ['conversation_id', (r) => r.conversationId],
  ['customer_id', (r) => r.customerId],
  ['started_at', (r) => r.startedAt],
  ['ended_at', (r) => r.endedAt],
  ['intent_id', (r) => r.intentId],
  ['channel', (r) => r.channel],
  ['source', (r) => r.source],
  ['returning_customer', (r) => (r.returningCustomer === null ? null : r.returningCustomer ? 1 : 0)],
  ['outcome', (r) => r.outcome],
  ['customer_turns', (r) => r.customerTurns],
  ['journey_window_ms', (r) => r.windowMs],
  ['journey_first_id', (r) => r.journeyFirstId],
  ['journey_started_at', (r) => r.journeyStartedAt],
  ['journey_step', (r) => r.step],
  ['journey_length', (r) => r.length],
  ['journey_prev_id', (r) => r.prevId],
  ['journey_prev_intent_id', (r) => r.prevIntentId],
  ['journey_gap_ms', (r) => r.gapMs],
  ['issue_started_at', (r) => r.issueStartedAt],
  ['issue_contacts', (r) => r.issueContacts],
  ['issue_last', (r) => (r.issueLast ? 1 : 0)],
  ['issue_channel', (r) => r.issueChannel],
  ['journey_turns', (r) => r.journeyTurns],
  ['journey_duration_ms', (r) => r.journeyDurationMs],
  ['journey_unresolved', (r) => r.journeyUnresolved],
];

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const flag = (v: unknown) => (v === null || v === undefined ? null : Number(v) === 1);

/** The SQL of the journeys' rows (journey_contacts), kept by the metrics recompute from the conversations' facts. */
@Injectable()
export class JourneyFactsRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /** The owners of these conversations (by id), and of every conversation without a row of this window. */
  async owners(conversationIds: string[] | 'all', windowMs: number): Promise<JourneyOwners> {
    const customers = new Set<string>();
    const anonymous = new Set<string>();
    const add = (rows: { conversation_id: string; customer_id: string | null }[]) => {
      for (const r of rows) if (r.customer_id === null) anonymous.add(String(r.conversation_id));
      else customers.add(String(r.customer_id));
    };
    if (conversationIds === 'all') add(await this.q(`SELECT conversation_id, customer_id FROM conversation_metrics`));
    else {
      for (let i = 0; i < conversationIds.length; i += OWNERS) {
        const chunk = conversationIds.slice(i, i + OWNERS);
        add(await this.q(`SELECT conversation_id, customer_id FROM conversation_metrics WHERE conversation_id IN (${chunk.map(() => '?').join(',')})`, chunk));
      }
      add(
        await this.q(
          `SELECT cm.conversation_id, cm.customer_id FROM conversation_metrics cm LEFT JOIN journey_contacts jc ON jc.conversation_id = cm.conversation_id
           WHERE jc.conversation_id IS NULL OR jc.journey_window_ms <> ?`,
          [windowMs],
        ),
      );
    }
    return { customers: [...customers].sort(), anonymous: [...anonymous].sort() };
  }

  /**
   * Every conversation of these customers (or these anonymous conversations), with the row it has. The rows are
   * narrowed to the same owners in the join (PostgreSQL otherwise scanned all of journey_contacts for every call); a
   * row stored under another customer is not found, and is written again.
   */
  async contacts(owners: string[], anonymous: boolean): Promise<StoredContact[]> {
    const owner = anonymous ? 'conversation_id' : 'customer_id';
    const marks = owners.map(() => '?').join(',');
    const rows = await this.q<Record<string, unknown>>(
      `SELECT cm.conversation_id AS id, cm.customer_id AS customer, cm.started_at AS started, cm.ended_at AS ended, cm.intent_id AS intent, cm.outcome AS outcome_now,
              cm.customer_turns AS turns, cm.channel AS channel_now, cm.source AS source_now, cm.returning_customer AS returning_now,
              ${COLUMNS.map(([c]) => `jc.${c}`).join(', ')}
       FROM conversation_metrics cm LEFT JOIN journey_contacts jc ON jc.conversation_id = cm.conversation_id AND jc.${owner} IN (${marks})
       WHERE cm.${owner} IN (${marks})`,
      [...owners, ...owners],
    );
    return rows.map((r) => ({
      contact: {
        conversationId: String(r.id),
        customerId: str(r.customer),
        startedAt: Number(r.started),
        endedAt: Number(r.ended ?? r.started),
        intentId: num(r.intent),
        outcome: String(r.outcome_now),
        customerTurns: Number(r.turns ?? 0),
        channel: str(r.channel_now),
      },
      source: String(r.source_now),
      returningCustomer: flag(r.returning_now),
      row: r.journey_step === null ? null : rowFrom(r),
    }));
  }

  /** Writes these rows, a batch per statement, in one transaction. */
  async save(rows: JourneyContactRow[]): Promise<void> {
    if (rows.length === 0) return;
    const names = COLUMNS.map(([c]) => c);
    const updates = names.slice(1).map((c) => `${c} = excluded.${c}`).join(', ');
    await transaction(this.ds, (em) =>
      this.writeRows(
        em,
        'journey_contacts',
        names,
        rows.map((r) => COLUMNS.map(([, value]) => value(r))),
        `ON CONFLICT (conversation_id) DO UPDATE SET ${updates}`,
      ),
    );
  }
}

function rowFrom(r: Record<string, unknown>): JourneyContactRow {
  return {
    conversationId: String(r.conversation_id),
    customerId: str(r.customer_id),
    startedAt: Number(r.started_at),
    endedAt: Number(r.ended_at),
    intentId: num(r.intent_id),
    channel: str(r.channel),
    source: String(r.source),
    returningCustomer: flag(r.returning_customer),
    outcome: String(r.outcome),
    customerTurns: Number(r.customer_turns),
    windowMs: Number(r.journey_window_ms),
    journeyFirstId: String(r.journey_first_id),
    journeyStartedAt: Number(r.journey_started_at),
    step: Number(r.journey_step),
    length: Number(r.journey_length),
    prevId: str(r.journey_prev_id),
    prevIntentId: num(r.journey_prev_intent_id),
    gapMs: num(r.journey_gap_ms),
    issueStartedAt: Number(r.issue_started_at),
    issueContacts: Number(r.issue_contacts),
    issueLast: Number(r.issue_last) === 1,
    issueChannel: str(r.issue_channel),
    journeyTurns: Number(r.journey_turns),
    journeyDurationMs: Number(r.journey_duration_ms),
    journeyUnresolved: Number(r.journey_unresolved),
  };
}
