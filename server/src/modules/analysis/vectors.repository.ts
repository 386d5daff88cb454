import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANALYSED_TEXT } from '../../database/dialect';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';
import { DistinctText, ROWS, SpaceRow, toVector } from './analysis-rows';

/** Embedding spaces, the vectors cached per distinct text, and their places on the map. */
@Injectable()
export class VectorsRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /**
   * Every distinct customer text that has been analysed, with how often it occurs and its current intent. A text
   * whose every message was emptied by retention comes with text '' (its cached vector still places it).
   */
  async distinctTexts(): Promise<DistinctText[]> {
    const rows = await this.q<{ hash: string; text: string; n: string | number; intent: number | null; act: string | null; version: number | null; unassigned: string | number }>(
      `SELECT a.text_hash AS "hash", COALESCE(MIN(CASE WHEN m.text <> '' THEN ${ANALYSED_TEXT} END), '') AS "text", COUNT(*) AS "n", MAX(a.intent_id) AS "intent",
              MAX(a.act) AS "act", MAX(a.bot_version_id) AS "version", SUM(CASE WHEN a.intent_id IS NULL AND a.act IS NULL THEN 1 ELSE 0 END) AS "unassigned"
       FROM message_analysis a JOIN messages m ON m.id = a.message_id
       GROUP BY a.text_hash ORDER BY a.text_hash`,
    );
    return rows.map((r) => ({ hash: r.hash, text: r.text, count: Number(r.n), intentId: r.intent === null ? null : Number(r.intent), act: r.act ?? null, botVersionId: r.version === null ? null : Number(r.version), unassigned: Number(r.unassigned) }));
  }

  async findSpace(engine: string, modelId: string): Promise<SpaceRow | null> {
    const rows = await this.q(`SELECT * FROM embedding_spaces WHERE engine = ? AND model_id = ? ORDER BY id DESC LIMIT 1`, [engine, modelId]);
    const r = rows[0];
    if (!r) return null;
    return { id: Number(r.id), engine: String(r.engine), modelId: String(r.model_id), dims: Number(r.dims), state: (r.state as Buffer | null) ?? null, projection: (r.projection as string | null) ?? null, fittedOn: Number(r.fitted_on) };
  }

  async findSpaceById(id: number): Promise<SpaceRow | null> {
    const rows = await this.q(`SELECT * FROM embedding_spaces WHERE id = ?`, [id]);
    const r = rows[0];
    if (!r) return null;
    return { id: Number(r.id), engine: String(r.engine), modelId: String(r.model_id), dims: Number(r.dims), state: (r.state as Buffer | null) ?? null, projection: (r.projection as string | null) ?? null, fittedOn: Number(r.fitted_on) };
  }

  async createSpace(engine: string, modelId: string, dims: number, state: Uint8Array | null, fittedOn: number): Promise<number> {
    const rows = await this.q<{ id: number }>(
      `INSERT INTO embedding_spaces (engine, model_id, dims, state, fitted_on, created_at) VALUES (?,?,?,?,?,?) RETURNING id`,
      [engine, modelId, dims, state ? Buffer.from(state) : null, fittedOn, Date.now()],
    );
    return Number(rows[0].id);
  }

  async setSpaceProjection(spaceId: number, projection: string): Promise<void> {
    await this.q(`UPDATE embedding_spaces SET projection = ? WHERE id = ?`, [projection, spaceId]);
  }

  async vectors(spaceId: number, hashes: string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < hashes.length; i += ROWS) {
      const chunk = hashes.slice(i, i + ROWS);
      const rows = await this.q<{ text_hash: string; vector: Buffer }>(
        `SELECT text_hash, vector FROM text_vectors WHERE space_id = ? AND text_hash IN (${chunk.map(() => '?').join(',')})`,
        [spaceId, ...chunk],
      );
      for (const r of rows) out.set(r.text_hash, toVector(r.vector));
    }
    return out;
  }

  async saveVectors(spaceId: number, rows: { hash: string; vector: Float32Array }[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        await this.q(
          `INSERT INTO text_vectors (space_id, text_hash, vector) VALUES ${chunk.map(() => '(?,?,?)').join(',')} ON CONFLICT (space_id, text_hash) DO NOTHING`,
          chunk.flatMap((r) => [spaceId, r.hash, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength)]),
          em,
        );
      }
    });
  }

  async savePoints(spaceId: number, points: { hash: string; x: number; y: number }[]): Promise<void> {
    await transaction(this.ds, async (em) => {
      for (let i = 0; i < points.length; i += ROWS) {
        const chunk = points.slice(i, i + ROWS);
        await this.q(
          `UPDATE text_vectors SET x = v.column2, y = v.column3
           FROM (VALUES ${chunk.map(() => '(?, CAST(? AS REAL), CAST(? AS REAL))').join(',')}) AS v
           WHERE text_vectors.space_id = ? AND text_vectors.text_hash = v.column1`,
          [...chunk.flatMap((p) => [p.hash, p.x, p.y]), spaceId],
          em,
        );
      }
    });
  }
}
