import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';

/** The SQL of retention: which conversations are past the period, emptying their text, and what quotes it. */
@Injectable()
export class RetentionRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  /** Conversations that ended before `cutoff`, still hold text, and whose metrics were computed. */
  async expired(cutoff: number, limit: number): Promise<string[]> {
    const rows = await this.q<{ id: string }>(
      `SELECT c.id AS "id" FROM conversations c JOIN conversation_metrics cm ON cm.conversation_id = c.id
       WHERE c.text_purged_at IS NULL AND c.ended_at < ? ORDER BY c.id LIMIT ?`,
      [cutoff, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Empties the text and metadata of these conversations' messages, and marks them; answers how many messages. */
  async empty(ids: string[], now: number): Promise<number> {
    const marks = ids.map(() => '?').join(',');
    return transaction(this.ds, async (em) => {
      const [{ n }] = await this.q<{ n: string | number }>(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id IN (${marks})`, ids, em);
      await this.q(`UPDATE messages SET text = '', metadata = NULL WHERE conversation_id IN (${marks})`, ids, em);
      await this.q(`UPDATE conversations SET text_purged_at = ?, metadata = NULL WHERE id IN (${marks})`, [now, ...ids], em);
      return Number(n);
    });
  }

  /** Deletes the rejected rows (which quote raw lines) of imports started before `cutoff`; answers how many. */
  async deleteOldRejectedRows(cutoff: number): Promise<number> {
    const [{ n }] = await this.q<{ n: string | number }>(`SELECT COUNT(*) AS n FROM rejected_rows WHERE import_run_id IN (SELECT id FROM import_runs WHERE started_at < ?)`, [cutoff]);
    await this.q(`DELETE FROM rejected_rows WHERE import_run_id IN (SELECT id FROM import_runs WHERE started_at < ?)`, [cutoff]);
    return Number(n);
  }

  async intentExamples(): Promise<{ id: number; examples: string[] }[]> {
    return (await this.q<{ id: number; examples: string }>(`SELECT id, examples FROM intents`)).map((r) => ({ id: Number(r.id), examples: JSON.parse(r.examples) as string[] }));
  }

  /** Whether a customer message still holds this text, looked up by its hash (indexed), not by scanning texts. */
  async textHeld(hash: string, text: string): Promise<boolean> {
    return (await this.q(`SELECT 1 AS x FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE a.text_hash = ? AND m.text = ? LIMIT 1`, [hash, text])).length > 0;
  }

  async setExamples(intentId: number, examples: string[]): Promise<void> {
    await this.q(`UPDATE intents SET examples = ? WHERE id = ?`, [JSON.stringify(examples), intentId]);
  }
}
