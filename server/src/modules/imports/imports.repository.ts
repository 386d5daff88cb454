import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../../database/transaction';
import { bind, Engine, engineOf } from '../../database/dialect';
import { ImportRunEntity, ImportStatus } from './import-run.entity';
import { RejectedRowEntity } from './rejected-row.entity';

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
}

export interface ConversationRow {
  id: string;
  source: string;
  externalId: string;
  customerId: string | null;
  channel: string | null;
  metadata: string | null;
}

export interface CustomerRow {
  id: string;
  source: string;
  externalId: string;
  firstSeenAt: number;
}

export type RejectRow = Omit<RejectedRowEntity, 'id' | 'importRunId'>;

export interface BatchResult {
  /** How many messages this batch inserted. */
  inserted: number;
  /** How many of the rest an earlier batch of the same run already wrote (a duplicated id in the file); they are rejected. */
  sameRunDuplicates: number;
}

interface RawSqlite {
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
}

const MESSAGE_COLUMNS = ['id', 'conversation_id', 'external_id', 'sent_at', 'seq', 'role', 'text', 'customer_id', 'agent_id', 'channel', 'event', 'event_value', 'metadata', 'import_run_id'];
const PG_MESSAGE_TYPES = ['varchar', 'varchar', 'varchar', 'int8', 'int8', 'varchar', 'text', 'varchar', 'varchar', 'varchar', 'varchar', 'float4', 'text', 'int4'];
/** Rows per INSERT on SQLite, under its 32,766 bound parameters. */
const SQLITE_ROWS_PER_STATEMENT = 500;

function messageValues(m: MessageRow, runId: number): unknown[] {
  return [m.id, m.conversationId, m.externalId, m.sentAt, m.seq, m.role, m.text, m.customerId, m.agentId, m.channel, m.event, m.eventValue, m.metadata, runId];
}

/** All SQL of the import path. Writes go through multi-row statements; PostgreSQL takes columns as arrays (unnest). */
@Injectable()
export class ImportsRepository {
  private readonly engine: Engine;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.engine = engineOf(ds);
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

  countSourceRuns(source: string): Promise<number> {
    return this.ds.getRepository(ImportRunEntity).countBy({ source, status: 'completed' });
  }

  /** Writes one batch in one transaction: customers, conversations (marked as touched by the run), messages, rejects, counters. */
  async writeBatch(
    runId: number,
    progress: { bytesRead: number; recordsRead: number },
    customers: CustomerRow[],
    conversations: ConversationRow[],
    messages: MessageRow[],
    rejects: RejectRow[],
    describeDuplicate: (id: string) => RejectRow,
    redactions: Record<string, number> | null = null,
  ): Promise<BatchResult> {
    return transaction(this.ds, async (em) => {
      // A batch need not wait for its WAL flush: PostgreSQL writes WAL in order, so when the run's final
      // (synchronous) commit is durable, every batch before it is too; a crash before that rolls the run back anyway.
      if (this.engine === 'postgres') await em.query('SET LOCAL synchronous_commit = off');
      await this.upsertCustomers(em, customers);
      await this.upsertConversations(em, conversations, runId);
      const inserted = await this.insertMessages(em, messages, runId);
      const missed = messages.filter((m) => !inserted.has(m.id)).map((m) => m.id);
      const duplicates: RejectRow[] = [];
      for (let i = 0; i < missed.length; i += SQLITE_ROWS_PER_STATEMENT) {
        const ids = missed.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
        const rows: { id: string }[] = await em.query(
          bind(this.engine, `SELECT id FROM messages WHERE import_run_id = ? AND id IN (${ids.map(() => '?').join(',')})`),
          [runId, ...ids],
        );
        for (const r of rows) duplicates.push(describeDuplicate(r.id));
      }
      await this.insertRejects(em, [...rejects, ...duplicates], runId);
      await em.query(
        bind(
          this.engine,
          `UPDATE import_runs SET heartbeat_at = ?, bytes_read = ?, records_read = ?,
             messages_inserted = messages_inserted + ?, messages_duplicate = messages_duplicate + ?, rejected_count = rejected_count + ?, redactions = ?
           WHERE id = ?`,
        ),
        [Date.now(), progress.bytesRead, progress.recordsRead, inserted.size, missed.length - duplicates.length, rejects.length + duplicates.length, redactions ? JSON.stringify(redactions) : null, runId],
      );
      return { inserted: inserted.size, sameRunDuplicates: duplicates.length };
    });
  }

  private async insertRejects(em: EntityManager, rejects: RejectRow[], runId: number): Promise<void> {
    if (rejects.length === 0) return;
    await em.getRepository(RejectedRowEntity).insert(rejects.map((r) => ({ ...r, importRunId: runId })));
  }

  private readonly statements = new Map<string, ReturnType<RawSqlite['prepare']>>();

  private sqliteStatement(em: EntityManager, sql: string): ReturnType<RawSqlite['prepare']> {
    const db = (em.queryRunner?.connection.driver as unknown as { databaseConnection: RawSqlite }).databaseConnection;
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private async upsertCustomers(em: EntityManager, rows: CustomerRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
      await em.query(
        bind(this.engine, `INSERT INTO customers (id, source, external_id, first_seen_at) VALUES ${chunk.map(() => '(?,?,?,?)').join(',')} ON CONFLICT (id) DO NOTHING`),
        chunk.flatMap((c) => [c.id, c.source, c.externalId, c.firstSeenAt]),
      );
    }
  }

  private async upsertConversations(em: EntityManager, rows: ConversationRow[], runId: number): Promise<void> {
    for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
      await em.query(
        bind(
          this.engine,
          `INSERT INTO conversations (id, source, external_id, customer_id, channel, metadata, last_import_run_id, visible)
           VALUES ${chunk.map(() => '(?,?,?,?,?,?,?,0)').join(',')}
           ON CONFLICT (id) DO UPDATE SET
             last_import_run_id = excluded.last_import_run_id,
             customer_id = COALESCE(conversations.customer_id, excluded.customer_id),
             channel = COALESCE(conversations.channel, excluded.channel),
             metadata = COALESCE(conversations.metadata, excluded.metadata)`,
        ),
        chunk.flatMap((c) => [c.id, c.source, c.externalId, c.customerId, c.channel, c.metadata, runId]),
      );
    }
  }

  private async insertMessages(em: EntityManager, rows: MessageRow[], runId: number): Promise<Set<string>> {
    const inserted = new Set<string>();
    if (rows.length === 0) return inserted;
    if (this.engine === 'postgres') {
      const columns = MESSAGE_COLUMNS.map(() => [] as unknown[]);
      for (const m of rows) messageValues(m, runId).forEach((v, j) => columns[j].push(v));
      const result: { id: string }[] = await em.query(
        `INSERT INTO messages (${MESSAGE_COLUMNS.join(',')})
         SELECT * FROM unnest(${PG_MESSAGE_TYPES.map((t, j) => `$${j + 1}::${t}[]`).join(',')})
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        columns,
      );
      for (const r of result) inserted.add(r.id);
      return inserted;
    }
    // better-sqlite3 is synchronous and runs on the transaction's one connection: a prepared single-row
    // statement per message is faster than TypeORM's query path, and `changes` says whether it was new.
    const insert = this.sqliteStatement(
      em,
      `INSERT INTO messages (${MESSAGE_COLUMNS.join(',')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(',')}) ON CONFLICT (id) DO NOTHING`,
    );
    for (const m of rows) {
      if (insert.run(...messageValues(m, runId)).changes > 0) inserted.add(m.id);
    }
    return inserted;
  }

  /**
   * Makes the run's conversations visible with their statistics recomputed from all their messages,
   * and marks the run completed, in one transaction.
   */
  async finalizeRun(run: ImportRunEntity): Promise<number> {
    return transaction(this.ds, async (em) => {
      await em.query(
        bind(
          this.engine,
          `UPDATE conversations SET
             message_count = s.n, customer_turns = s.c, bot_turns = s.b, agent_turns = s.a,
             started_at = s.first_at, ended_at = s.last_at,
             had_handoff = CASE WHEN s.handoff_at IS NOT NULL OR (s.b > 0 AND s.a > 0) THEN 1 ELSE 0 END,
             first_handoff_at = COALESCE(s.handoff_at, CASE WHEN s.b > 0 THEN s.first_agent_at END),
             bot_fallbacks = s.fallbacks,
             resolved = CASE WHEN s.resolved > 0 THEN 1 ELSE 0 END,
             csat = s.csat,
             visible = 1
           FROM (
             SELECT m.conversation_id AS cid, COUNT(*) AS n,
               SUM(CASE WHEN m.role = 'customer' THEN 1 ELSE 0 END) AS c,
               SUM(CASE WHEN m.role = 'bot' THEN 1 ELSE 0 END) AS b,
               SUM(CASE WHEN m.role = 'agent' THEN 1 ELSE 0 END) AS a,
               MIN(m.sent_at) AS first_at, MAX(m.sent_at) AS last_at,
               MIN(CASE WHEN m.event = 'handoff' THEN m.sent_at END) AS handoff_at,
               MIN(CASE WHEN m.role = 'agent' THEN m.sent_at END) AS first_agent_at,
               SUM(CASE WHEN m.event = 'bot_fallback' THEN 1 ELSE 0 END) AS fallbacks,
               SUM(CASE WHEN m.event = 'resolved' THEN 1 ELSE 0 END) AS resolved,
               AVG(CASE WHEN m.event = 'csat' THEN m.event_value END) AS csat
             FROM messages m JOIN conversations t ON t.id = m.conversation_id
             WHERE t.last_import_run_id = ?
             GROUP BY m.conversation_id
           ) AS s
           WHERE conversations.id = s.cid`,
        ),
        [run.id],
      );
      await em.query(bind(this.engine, 'DELETE FROM conversations WHERE last_import_run_id = ? AND visible = 0'), [run.id]);
      const [{ n }] = await em.query(bind(this.engine, 'SELECT COUNT(*) AS n FROM conversations WHERE last_import_run_id = ?'), [run.id]);
      const touched = Number(n);
      await em.getRepository(ImportRunEntity).update(run.id, {
        status: 'completed',
        finishedAt: Date.now(),
        heartbeatAt: Date.now(),
        bytesRead: run.bytesRead,
        recordsRead: run.recordsRead,
        conversationsTouched: touched,
        redactions: run.redactions,
      });
      return touched;
    });
  }

  /** Undoes what an unfinished run wrote: its messages, and the conversations only it had started. */
  async rollbackRun(runId: number, status: ImportStatus, error: string | null): Promise<void> {
    await transaction(this.ds, async (em) => {
      await em.query(bind(this.engine, 'DELETE FROM messages WHERE import_run_id = ?'), [runId]);
      await em.query(bind(this.engine, 'DELETE FROM conversations WHERE last_import_run_id = ? AND visible = 0'), [runId]);
      await em.getRepository(ImportRunEntity).update(runId, { status, finishedAt: Date.now(), error });
    });
  }
}
