import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { returnedRows } from '../../database/dialect';
import { SourceKind } from './source.types';
import { numberOrNull } from '../../database/column-transformers';
import type { SourceRun } from '#contracts';
import { SqlRepository } from '../../database/sql-repository';

export interface SourceRow {
  id: number;
  name: string;
  kind: SourceKind;
  config: Record<string, unknown>;
  cron: string;
  enabled: boolean;
  format: string | null;
  retries: number;
  consecutiveFailures: number;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One attempt of a source's run, as the API answers it. */
export type SourceRunRow = SourceRun;

export type NewSource = Pick<SourceRow, 'name' | 'kind' | 'config' | 'cron' | 'enabled' | 'format' | 'retries'>;

function source(r: Record<string, unknown>): SourceRow {
  return {
    id: Number(r.id),
    name: r.name as string,
    kind: r.kind as SourceKind,
    config: JSON.parse(r.config as string) as Record<string, unknown>,
    cron: r.cron as string,
    enabled: Number(r.enabled) === 1,
    format: (r.format as string | null) ?? null,
    retries: Number(r.retries),
    consecutiveFailures: Number(r.consecutive_failures),
    lastRunAt: numberOrNull(r.last_run_at),
    lastSuccessAt: numberOrNull(r.last_success_at),
    lastError: (r.last_error as string | null) ?? null,
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseUntil: numberOrNull(r.lease_until),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function run(r: Record<string, unknown>): SourceRunRow {
  return {
    id: Number(r.id),
    sourceId: Number(r.source_id),
    attempt: Number(r.attempt),
    trigger: r.triggered_by as SourceRunRow['trigger'],
    owner: r.owner as string,
    status: r.status as SourceRunRow['status'],
    startedAt: Number(r.started_at),
    finishedAt: numberOrNull(r.finished_at),
    items: Number(r.items),
    messagesImported: Number(r.messages_imported),
    rowsRejected: Number(r.rows_rejected),
    importRunIds: r.import_run_ids ? (JSON.parse(r.import_run_ids as string) as number[]) : [],
    error: (r.error as string | null) ?? null,
    note: (r.note as string | null) ?? null,
  };
}

/** Sources, their runs, what each has imported, and the lease that keeps a source to one process at a time. */
@Injectable()
export class SourcesRepository extends SqlRepository {

  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }


  async list(): Promise<SourceRow[]> {
    return (await this.q(`SELECT * FROM sources ORDER BY name`)).map(source);
  }

  async get(id: number): Promise<SourceRow | null> {
    const [r] = await this.q(`SELECT * FROM sources WHERE id = ?`, [id]);
    return r ? source(r) : null;
  }

  async byName(name: string): Promise<SourceRow | null> {
    const [r] = await this.q(`SELECT * FROM sources WHERE name = ?`, [name]);
    return r ? source(r) : null;
  }

  async create(s: NewSource): Promise<number> {
    const now = Date.now();
    const [r] = await this.q<{ id: number }>(
      `INSERT INTO sources (name, kind, config, cron, enabled, format, retries, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id`,
      [s.name, s.kind, JSON.stringify(s.config), s.cron, s.enabled ? 1 : 0, s.format, s.retries, now, now],
    );
    return Number(r.id);
  }

  async update(id: number, s: NewSource): Promise<void> {
    await this.q(`UPDATE sources SET name = ?, kind = ?, config = ?, cron = ?, enabled = ?, format = ?, retries = ?, updated_at = ? WHERE id = ?`, [
      s.name,
      s.kind,
      JSON.stringify(s.config),
      s.cron,
      s.enabled ? 1 : 0,
      s.format,
      s.retries,
      Date.now(),
      id,
    ]);
  }

  async remove(id: number): Promise<void> {
    await this.q(`DELETE FROM source_items WHERE source_id = ?`, [id]);
    await this.q(`DELETE FROM source_runs WHERE source_id = ?`, [id]);
    await this.q(`DELETE FROM sources WHERE id = ?`, [id]);
  }

  /** Takes the source's lease if nobody holds it (or the holder's lease ran out). One statement: atomic on both engines. */
  async acquire(id: number, owner: string, until: number): Promise<boolean> {
    const result = await this.q<unknown>(`UPDATE sources SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until < ?) RETURNING id`, [
      owner,
      until,
      id,
      Date.now(),
    ]);
    return returnedRows(this.engine, result).length === 1;
  }

  async extend(id: number, owner: string, until: number): Promise<void> {
    await this.q(`UPDATE sources SET lease_until = ? WHERE id = ? AND lease_owner = ?`, [until, id, owner]);
  }

  async release(id: number, owner: string): Promise<void> {
    await this.q(`UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`, [id, owner]);
  }

  async finished(id: number, at: number, error: string | null): Promise<void> {
    if (error === null) {
      await this.q(`UPDATE sources SET last_run_at = ?, last_success_at = ?, last_error = NULL, consecutive_failures = 0 WHERE id = ?`, [at, at, id]);
    } else {
      await this.q(`UPDATE sources SET last_run_at = ?, last_error = ?, consecutive_failures = consecutive_failures + 1 WHERE id = ?`, [at, error, id]);
    }
  }

  async createRun(r: Pick<SourceRunRow, 'sourceId' | 'attempt' | 'trigger' | 'owner'>): Promise<number> {
    const [row] = await this.q<{ id: number }>(
      `INSERT INTO source_runs (source_id, attempt, triggered_by, owner, status, started_at) VALUES (?,?,?,?,'running',?) RETURNING id`,
      [r.sourceId, r.attempt, r.trigger, r.owner, Date.now()],
    );
    return Number(row.id);
  }

  async finishRun(id: number, r: Pick<SourceRunRow, 'status' | 'items' | 'messagesImported' | 'rowsRejected' | 'importRunIds' | 'error' | 'note'>): Promise<void> {
    await this.q(`UPDATE source_runs SET status = ?, finished_at = ?, items = ?, messages_imported = ?, rows_rejected = ?, import_run_ids = ?, error = ?, note = ? WHERE id = ?`, [
      r.status,
      Date.now(),
      r.items,
      r.messagesImported,
      r.rowsRejected,
      JSON.stringify(r.importRunIds),
      r.error,
      r.note,
      id,
    ]);
  }

  async runs(sourceId: number, limit: number): Promise<SourceRunRow[]> {
    return (await this.q(`SELECT * FROM source_runs WHERE source_id = ? ORDER BY id DESC LIMIT ?`, [sourceId, limit])).map(run);
  }

  /** What the source has imported: item key → fingerprint. */
  async items(sourceId: number): Promise<Map<string, string>> {
    const rows = await this.q<{ item_key: string; fingerprint: string }>(`SELECT item_key, fingerprint FROM source_items WHERE source_id = ?`, [sourceId]);
    return new Map(rows.map((r) => [r.item_key, r.fingerprint]));
  }

  async saveItem(sourceId: number, key: string, fingerprint: string, importRunId: number | null): Promise<void> {
    await this.q(
      `INSERT INTO source_items (source_id, item_key, fingerprint, imported_at, import_run_id) VALUES (?,?,?,?,?)
       ON CONFLICT (source_id, item_key) DO UPDATE SET fingerprint = excluded.fingerprint, imported_at = excluded.imported_at, import_run_id = excluded.import_run_id`,
      [sourceId, key, fingerprint, Date.now(), importRunId],
    );
  }
}
