import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JourneyFacts } from '../../../../analytics/src/behaviour/facts';
import type { Contact } from '../../../../analytics/src/behaviour/journeys';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';

/** Customers (or anonymous conversations) per read: a bound on a statement's parameters. */
export const OWNERS = 400;
/** Rows per UPDATE statement. */
const UPDATE_ROWS = 200;

/** Whose journeys to recompute: customers by Seam's id, and conversations that name no customer. */
export interface JourneyOwners {
  customers: string[];
  anonymous: string[];
}

/** A contact as stored, with the journey facts it carries now (compared before writing). */
export interface StoredContact {
  contact: Contact;
  facts: JourneyFacts | null;
  windowMs: number | null;
}

/** The columns of the journey facts, their SQL types (PostgreSQL types a VALUES list's parameters as text without them), and their values. */
const COLUMNS: [string, string, (f: JourneyFacts) => string | number | null][] = [
  ['journey_first_id', 'varchar', (f) => f.journeyFirstId],
  ['journey_started_at', 'bigint', (f) => f.journeyStartedAt],
  ['journey_step', 'integer', (f) => f.step],
  ['journey_length', 'integer', (f) => f.length],
  ['journey_prev_id', 'varchar', (f) => f.prevId],
  ['journey_prev_intent_id', 'integer', (f) => f.prevIntentId],
  ['journey_gap_ms', 'bigint', (f) => f.gapMs],
  ['issue_started_at', 'bigint', (f) => f.issueStartedAt],
  ['issue_contacts', 'integer', (f) => f.issueContacts],
  ['issue_last', 'smallint', (f) => (f.issueLast ? 1 : 0)],
  ['issue_channel', 'varchar', (f) => f.issueChannel],
];

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The SQL of the journey facts kept beside each conversation's facts (conversation_metrics). */
@Injectable()
export class JourneyFactsRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /** The owners of these conversations (by id), and of every conversation whose facts lack journeys of this window. */
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
      add(await this.q(`SELECT conversation_id, customer_id FROM conversation_metrics WHERE journey_window_ms IS NULL OR journey_window_ms <> ?`, [windowMs]));
    }
    return { customers: [...customers].sort(), anonymous: [...anonymous].sort() };
  }

  /** Every contact of these customers (or these anonymous conversations), with the journey facts it has. */
  async contacts(owners: string[], anonymous: boolean): Promise<StoredContact[]> {
    const rows = await this.q<Record<string, unknown>>(
      `SELECT conversation_id, customer_id, started_at, ended_at, intent_id, outcome, handoff, customer_turns, channel, journey_window_ms,
              ${COLUMNS.map(([c]) => c).join(', ')}
       FROM conversation_metrics WHERE ${anonymous ? 'conversation_id' : 'customer_id'} IN (${owners.map(() => '?').join(',')})`,
      owners,
    );
    return rows.map((r) => ({
      contact: {
        conversationId: String(r.conversation_id),
        customerId: str(r.customer_id),
        startedAt: Number(r.started_at),
        endedAt: Number(r.ended_at ?? r.started_at),
        intentId: num(r.intent_id),
        outcome: String(r.outcome),
        handoff: Number(r.handoff) === 1,
        customerTurns: Number(r.customer_turns ?? 0),
        channel: str(r.channel),
      },
      windowMs: num(r.journey_window_ms),
      facts:
        r.journey_step === null
          ? null
          : {
              conversationId: String(r.conversation_id),
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
            },
    }));
  }

  /** Writes these facts (computed with `windowMs`), a batch of rows per statement, in one transaction. */
  async save(facts: JourneyFacts[], windowMs: number): Promise<void> {
    if (facts.length === 0) return;
    const names = ['conversation_id', 'journey_window_ms', ...COLUMNS.map(([c]) => c)];
    const types = ['varchar', 'bigint', ...COLUMNS.map(([, t]) => t)];
    const row = `(${types.map((t) => `CAST(? AS ${t})`).join(', ')})`;
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < facts.length; i += UPDATE_ROWS) {
        const chunk = facts.slice(i, i + UPDATE_ROWS);
        await this.q(
          `WITH v(${names.join(', ')}) AS (VALUES ${chunk.map(() => row).join(', ')})
           UPDATE conversation_metrics SET ${names.slice(1).map((n) => `${n} = v.${n}`).join(', ')}
           FROM v WHERE conversation_metrics.conversation_id = v.conversation_id`,
          chunk.flatMap((f) => [f.conversationId, windowMs, ...COLUMNS.map(([, , value]) => value(f))]),
          em,
        );
      }
    });
  }
}

