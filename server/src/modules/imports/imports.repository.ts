import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../../database/transaction';
import { bind } from '../../database/dialect';
import { ImportRunEntity, ImportStatus } from './import-run.entity';
import { RejectedRowEntity } from './rejected-row.entity';
import { SqlRepository } from '../../database/sql-repository';

export interface MessageRow {
  id: string;
  conversationId: string;
  externalId: string | null;
  sentAt: number;
  seq: number;
  role: string;
  text: string;
  customerId: string | null;
  agentId: string | null;
  channel: string | null;
  event: string | null;
  eventValue: number | null;
  metadata: string | null;
  botIntent: string | null;
  botConfidence: number | null;
  /** Where the row is in the file, for the report if a later row of the same run turns out to be the same message. */
  line: number;
  location: string | null;
}

export interface ConversationRow {
  id: string;
  source: string;
  externalId: string;
  customerId: string | null;
  channel: string | null;
  metadata: string | null;
  /** When retention deleted its text (a Seam export read back), else null. */
  textPurgedAt: number | null;
}

export interface CustomerRow {
  id: string;
  source: string;
  externalId: string;
  firstSeenAt: number;
}

export type RejectRow = Omit<RejectedRowEntity, 'id' | 'importRunId'>;

/** A staged message whose id an earlier row of the same run already had (in another batch). */
export interface StagedDuplicate {
  line: number;
  location: string | null;
  conversationExternalId: string;
  externalId: string | null;
  sentAt: number;
  role: string;
  text: string;
  event: string | null;
  eventValue: number | null;
}

export interface RunCounts {
  /** Messages the run added. */
  inserted: number;
  /** Messages an earlier import already holds. */
  duplicates: number;
  /** Rows that repeat an earlier row of the same file in another batch; rejected. */
  sameRunDuplicates: number;
  conversationsTouched: number;
}

interface RawSqlite {
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
}

interface StagingTable<R> {
  name: string;
  columns: string[];
  values: (row: R, runId: number, batch: number) => unknown[];
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY's text format: `\N` for null; backslash, tab and line breaks escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
}

/** Ranges that split ids (lowercase hexadecimal) into 16 slices: ['0', '1'), …, ['f', 'g'). */
const ID_SLICES = [...'0123456789abcdef'].map((c, i, all) => [c, all[i + 1] ?? 'g']);

const MESSAGE_COLUMNS = ['id', 'conversation_id', 'external_id', 'sent_at', 'seq', 'role', 'text', 'customer_id', 'agent_id', 'channel', 'event', 'event_value', 'metadata', 'bot_intent', 'bot_confidence', 'import_run_id'];

const STAGED_MESSAGES: StagingTable<MessageRow> = {
  name: 'staged_messages',
  columns: [...MESSAGE_COLUMNS, 'line', 'location'],
  values: (m, runId) => [m.id, m.conversationId, m.externalId, m.sentAt, m.seq, m.role, m.text, m.customerId, m.agentId, m.channel, m.event, m.eventValue, m.metadata, m.botIntent, m.botConfidence, runId, m.line, m.location],
};

const STAGED_CONVERSATIONS: StagingTable<ConversationRow> = {
  name: 'staged_conversations',
  columns: ['import_run_id', 'batch', 'id', 'source', 'external_id', 'customer_id', 'channel', 'metadata', 'text_purged_at'],
  values: (c, runId, batch) => [runId, batch, c.id, c.source, c.externalId, c.customerId, c.channel, c.metadata, c.textPurgedAt],
};

const STAGED_CUSTOMERS: StagingTable<CustomerRow> = {
  name: 'staged_customers',
  columns: ['import_run_id', 'batch', 'id', 'source', 'external_id', 'first_seen_at'],
  values: (c, runId, batch) => [runId, batch, c.id, c.source, c.externalId, c.firstSeenAt],
};

/** In the order a batch writes them, which is also the order they are locked in (the same order cannot deadlock). */
const STAGING_TABLES = [STAGED_CUSTOMERS.name, STAGED_CONVERSATIONS.name, STAGED_MESSAGES.name];

/**
 * All SQL of the import path. Batches append to staging tables (cheap commits: no random index pages to
 * rewrite), and the run's final transaction moves everything into place in key order, so each index page is
 * written about once per import instead of once per batch. PostgreSQL takes a batch through COPY.
 */
@Injectable()
export class ImportsRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  async createRun(run: Partial<ImportRunEntity>): Promise<ImportRunEntity> {
    const repo = this.ds.getRepository(ImportRunEntity);
    const { identifiers } = await repo.insert(repo.create(run));
    return (await repo.findOneBy({ id: Number(identifiers[0].id) }))!;
  }

  findRun(id: number): Promise<ImportRunEntity | null> {
    return this.ds.getRepository(ImportRunEntity).findOneBy({ id });
  }

  listRuns(limit: number, beforeId?: number): Promise<ImportRunEntity[]> {
    const qb = this.ds.getRepository(ImportRunEntity).createQueryBuilder('r').orderBy('r.id', 'DESC').take(limit);
    if (beforeId !== undefined) qb.where('r.id < :beforeId', { beforeId });
    return qb.getMany();
  }

  runsWithStatus(status: ImportStatus): Promise<ImportRunEntity[]> {
    return this.ds.getRepository(ImportRunEntity).findBy({ status });
  }

  async rejectedRows(runId: number, offset: number, limit: number): Promise<[RejectedRowEntity[], number]> {
    return this.ds.getRepository(RejectedRowEntity).findAndCount({
      where: { importRunId: runId },
      order: { line: 'ASC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** Drops the raw text of a run's rejected rows (keeping line, field and reason). */
  async forgetRejectedText(runId: number): Promise<void> {
    await this.ds.query(bind(this.engine, `UPDATE rejected_rows SET raw = '' WHERE import_run_id = ?`), [runId]);
  }

  countSourceRuns(source: string): Promise<number> {
    return this.ds.getRepository(ImportRunEntity).countBy({ source, status: 'completed' });
  }

  /** Stages one batch in one transaction: customers, conversations and messages, rejected rows, progress. */
  async stageBatch(
    runId: number,
    batch: number,
    progress: { bytesRead: number; recordsRead: number },
    rows: { customers: CustomerRow[]; conversations: ConversationRow[]; messages: MessageRow[]; rejects: RejectRow[] },
    redactions: Record<string, number> | null,
  ): Promise<void> {
    await transaction(this.ds, async (em) => {
      // A batch need not wait for its WAL flush: PostgreSQL writes WAL in order, so when the run's final
      // (synchronous) commit is durable, every batch before it is too; a crash before that rolls the run back anyway.
      if (this.engine === 'postgres') await em.query('SET LOCAL synchronous_commit = off');
      await this.append(em, STAGED_CUSTOMERS, rows.customers, runId, batch);
      await this.append(em, STAGED_CONVERSATIONS, rows.conversations, runId, batch);
      await this.append(em, STAGED_MESSAGES, rows.messages, runId, batch);
      await this.insertRejects(em, rows.rejects, runId);
      await em.query(
        bind(this.engine, 'UPDATE import_runs SET heartbeat_at = ?, bytes_read = ?, records_read = ?, rejected_count = rejected_count + ?, redactions = ? WHERE id = ?'),
        [Date.now(), progress.bytesRead, progress.recordsRead, rows.rejects.length, redactions ? JSON.stringify(redactions) : null, runId],
      );
    });
  }

  private async insertRejects(em: EntityManager, rejects: RejectRow[], runId: number): Promise<void> {
    for (let i = 0; i < rejects.length; i += 1000) {
      await em.getRepository(RejectedRowEntity).insert(rejects.slice(i, i + 1000).map((r) => ({ ...r, importRunId: runId })));
    }
  }

  private readonly statements = new Map<string, ReturnType<RawSqlite['prepare']>>();

  private async append<R>(em: EntityManager, table: StagingTable<R>, rows: R[], runId: number, batch: number): Promise<void> {
    if (rows.length === 0) return;
    if (this.engine === 'postgres') {
      // COPY's text format: the fastest way in, both for Node (no array literals to build) and for PostgreSQL.
      const client = (em.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const body = rows.map((row) => table.values(row, runId, batch).map(copyField).join('\t')).join('\n') + '\n';
      await pipeline(Readable.from([body]), client.query(copyFrom(`COPY ${table.name} (${table.columns.join(',')}) FROM STDIN`)));
      return;
    }
    // better-sqlite3 is synchronous and runs on the transaction's one connection: a prepared single-row
    // statement per row is faster than TypeORM's query path.
    const sql = `INSERT INTO ${table.name} (${table.columns.join(',')}) VALUES (${table.columns.map(() => '?').join(',')})`;
    let insert = this.statements.get(sql);
    if (!insert) {
      const db = (em.queryRunner?.connection.driver as unknown as { databaseConnection: RawSqlite }).databaseConnection;
      insert = db.prepare(sql);
      this.statements.set(sql, insert);
    }
    for (const row of rows) insert.run(...table.values(row, runId, batch));
  }

  /**
   * Moves the run's staged rows into place and makes its conversations visible with their statistics
   * recomputed from all their messages, in one transaction; the run is then completed.
   * `describe` turns a row that repeats an earlier row of the same file into its rejected row.
   */
  async finalizeRun(run: ImportRunEntity, describe: (row: StagedDuplicate) => RejectRow): Promise<RunCounts> {
    return transaction(this.ds, async (em) => {
      const q = (sql: string, params: unknown[] = []) => em.query(bind(this.engine, sql), params);
      await this.lockStaging(em);
      // The planner needs the staged tables' real sizes to join them by key rather than scan them per row.
      await this.analyze(em, STAGING_TABLES);
      await q(
        `INSERT INTO customers (id, source, external_id, first_seen_at)
         SELECT id, source, external_id, first_seen_at FROM staged_customers WHERE import_run_id = ? ORDER BY id, batch
         ON CONFLICT (id) DO NOTHING`,
        [run.id],
      );
      await q(
        `INSERT INTO messages (${MESSAGE_COLUMNS.join(',')})
         SELECT ${MESSAGE_COLUMNS.join(',')} FROM staged_messages WHERE import_run_id = ? ORDER BY id, seq
         ON CONFLICT (id) DO NOTHING`,
        [run.id],
      );
      // One row per conversation, each field from the first batch that had it (values already stored win),
      // with its statistics over all its messages, earlier imports' included; each row is written once.
      // On SQLite in 16 slices of the (hexadecimal) id space, which bounds the memory its sorts take inside this
      // process; PostgreSQL sorts in its own, within work_mem. "First batch that had it": the least of the values
      // prefixed with their batch number, zero-padded, and the prefix cut off again.
      const batchKey = this.engine === 'sqlite' ? `printf('%09d', batch)` : `to_char(batch, 'FM000000000')`;
      const first = (column: string) => `SUBSTR(MIN(CASE WHEN ${column} IS NOT NULL THEN ${batchKey} || ${column} END), 10)`;
      for (const [from, to] of this.engine === 'sqlite' ? ID_SLICES : [['0', 'g']]) {
        await q(
          `INSERT INTO conversations (id, source, external_id, customer_id, channel, metadata, text_purged_at, last_import_run_id, visible,
             message_count, customer_turns, bot_turns, agent_turns, started_at, ended_at, had_handoff, first_handoff_at, bot_fallbacks, resolved, csat)
           SELECT c.id, c.source, c.external_id, c.customer_id, c.channel, c.metadata, c.text_purged_at, c.import_run_id, 1,
             m.n, m.customer_turns, m.bot_turns, m.agent_turns, m.first_at, m.last_at,
             -- The handoff rule of analytics' handoffIndex: the first handoff event, else the first agent message
             -- later than the bot's first (looked up only when the first agent message is not that one).
             CASE WHEN m.handoff_at IS NOT NULL OR m.last_agent_at > m.first_bot_at THEN 1 ELSE 0 END,
             COALESCE(m.handoff_at, CASE
               WHEN m.first_bot_at IS NULL OR m.last_agent_at IS NULL OR m.last_agent_at <= m.first_bot_at THEN NULL
               WHEN m.first_agent_at > m.first_bot_at THEN m.first_agent_at
               ELSE (SELECT MIN(x.sent_at) FROM messages x WHERE x.conversation_id = m.conversation_id AND x.role = 'agent' AND x.sent_at > m.first_bot_at)
             END),
             m.fallbacks, CASE WHEN m.resolved > 0 THEN 1 ELSE 0 END, m.csat
           FROM (
             SELECT id, source, external_id, import_run_id, ${first('customer_id')} AS customer_id, ${first('channel')} AS channel,
               ${first('metadata')} AS metadata, CAST(${first('text_purged_at')} AS BIGINT) AS text_purged_at
             FROM staged_conversations WHERE import_run_id = ? AND id >= ? AND id < ?
             GROUP BY id, source, external_id, import_run_id
           ) AS c JOIN (
             SELECT conversation_id, COUNT(*) AS n,
               SUM(CASE WHEN role = 'customer' THEN 1 ELSE 0 END) AS customer_turns,
               SUM(CASE WHEN role = 'bot' THEN 1 ELSE 0 END) AS bot_turns,
               SUM(CASE WHEN role = 'agent' THEN 1 ELSE 0 END) AS agent_turns,
               MIN(sent_at) AS first_at, MAX(sent_at) AS last_at,
               MIN(CASE WHEN event = 'handoff' THEN sent_at END) AS handoff_at,
               MIN(CASE WHEN role = 'bot' THEN sent_at END) AS first_bot_at,
               MIN(CASE WHEN role = 'agent' THEN sent_at END) AS first_agent_at,
               MAX(CASE WHEN role = 'agent' THEN sent_at END) AS last_agent_at,
               SUM(CASE WHEN event = 'bot_fallback' THEN 1 ELSE 0 END) AS fallbacks,
               SUM(CASE WHEN event = 'resolved' THEN 1 ELSE 0 END) AS resolved,
               AVG(CASE WHEN event = 'csat' THEN event_value END) AS csat
             FROM messages WHERE conversation_id IN (SELECT id FROM staged_conversations WHERE import_run_id = ? AND id >= ? AND id < ?)
             GROUP BY conversation_id
           ) AS m ON m.conversation_id = c.id
           WHERE true
           ORDER BY c.id
           ON CONFLICT (id) DO UPDATE SET
             last_import_run_id = excluded.last_import_run_id,
             customer_id = COALESCE(conversations.customer_id, excluded.customer_id),
             channel = COALESCE(conversations.channel, excluded.channel),
             metadata = COALESCE(conversations.metadata, excluded.metadata),
             message_count = excluded.message_count, customer_turns = excluded.customer_turns,
             bot_turns = excluded.bot_turns, agent_turns = excluded.agent_turns,
             started_at = excluded.started_at, ended_at = excluded.ended_at,
             had_handoff = excluded.had_handoff, first_handoff_at = excluded.first_handoff_at,
             bot_fallbacks = excluded.bot_fallbacks, resolved = excluded.resolved, csat = excluded.csat,
             visible = 1`,
          [run.id, from, to, run.id, from, to],
        );
      }
      const count = async (sql: string) => Number((await q(sql, [run.id]))[0].n);
      const staged = await count('SELECT COUNT(*) AS n FROM staged_messages WHERE import_run_id = ?');
      const inserted = await count('SELECT COUNT(*) AS n FROM messages WHERE import_run_id = ?');
      const repeats: RejectRow[] = [];
      if (staged > inserted) {
        // Rows that lost to an earlier row of this run with the same id (the rest were already stored before).
        const rows: Record<string, unknown>[] = await q(
          `SELECT s.line, s.location, c.external_id AS conversation_external_id, s.external_id, s.sent_at, s.role, s.text, s.event, s.event_value
           FROM staged_messages s JOIN messages m ON m.id = s.id JOIN conversations c ON c.id = s.conversation_id
           WHERE s.import_run_id = ? AND m.import_run_id = s.import_run_id AND m.seq <> s.seq
           ORDER BY s.seq`,
          [run.id],
        );
        for (const r of rows) {
          repeats.push(
            describe({
              line: Number(r.line),
              location: r.location as string | null,
              conversationExternalId: r.conversation_external_id as string,
              externalId: r.external_id as string | null,
              sentAt: Number(r.sent_at),
              role: r.role as string,
              text: r.text as string,
              event: r.event as string | null,
              eventValue: r.event_value === null ? null : Number(r.event_value),
            }),
          );
        }
        await this.insertRejects(em, repeats, run.id);
      }
      const conversationsTouched = await count('SELECT COUNT(*) AS n FROM conversations WHERE last_import_run_id = ?');
      await this.clearStaging(em, run.id);
      // A large import changes the tables' shape at once: fresh planner statistics now, not when autovacuum
      // (or SQLite's next ANALYZE) catches up after the analysis has already run its queries.
      await this.analyze(em, ['messages', 'conversations', 'customers']);
      const counts = { inserted, duplicates: staged - inserted - repeats.length, sameRunDuplicates: repeats.length, conversationsTouched };
      await em.getRepository(ImportRunEntity).update(run.id, {
        status: 'completed',
        finishedAt: Date.now(),
        heartbeatAt: Date.now(),
        bytesRead: run.bytesRead,
        recordsRead: run.recordsRead,
        messagesInserted: inserted,
        messagesDuplicate: counts.duplicates,
        rejectedCount: run.rejectedCount + repeats.length,
        conversationsTouched,
        redactions: run.redactions,
      });
      return counts;
    });
  }

  private async analyze(em: EntityManager, tables: string[]): Promise<void> {
    if (this.engine === 'postgres') await em.query(`ANALYZE ${tables.join(', ')}`);
    else for (const table of tables) await em.query(`ANALYZE ${table}`);
  }

  /**
   * Removes a run's staged rows. When no other import is running the tables are emptied at once (SQLite's DELETE
   * without WHERE; PostgreSQL's TRUNCATE, which also leaves no dead rows for autovacuum to clean after a large
   * import). The check is safe: SQLite's write lock, or on PostgreSQL the lock of `lockStaging`, keeps another
   * run from staging rows in between.
   */
  private async clearStaging(em: EntityManager, runId: number): Promise<void> {
    const others = await em.query(bind(this.engine, "SELECT id FROM import_runs WHERE status = 'running' AND id <> ? LIMIT 1"), [runId]);
    if (others.length === 0 && this.engine === 'postgres') {
      await em.query(`TRUNCATE ${STAGING_TABLES.join(', ')}`);
      return;
    }
    for (const table of STAGING_TABLES) {
      if (others.length === 0) await em.query(`DELETE FROM ${table}`);
      else await em.query(bind(this.engine, `DELETE FROM ${table} WHERE import_run_id = ?`), [runId]);
    }
  }

  /**
   * On PostgreSQL, the staging tables to this transaction alone, taken before it reads them: other runs' batches
   * wait, and two runs finishing at once take turns instead of deadlocking on the upgrade to TRUNCATE's lock.
   */
  private async lockStaging(em: EntityManager): Promise<void> {
    if (this.engine === 'postgres') await em.query(`LOCK TABLE ${STAGING_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
  }

  /** Undoes what an unfinished run wrote: its staged rows (nothing reaches the other tables before the run's final transaction). */
  async rollbackRun(runId: number, status: ImportStatus, error: string | null): Promise<void> {
    await transaction(this.ds, async (em) => {
      await this.lockStaging(em);
      await this.clearStaging(em, runId);
      await em.getRepository(ImportRunEntity).update(runId, { status, finishedAt: Date.now(), error });
    });
  }
}
