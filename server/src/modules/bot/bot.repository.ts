import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';
import { transaction } from '../../database/transaction';

export interface BotVersionRow {
  id: number;
  bot: string;
  version: string;
  releasedAt: number;
  importedAt: number;
  fileName: string;
  format: string;
  intents: number;
  examples: number;
}

/** A training example of a bot's current version, with its intent. */
export interface BotExampleRow {
  versionId: number;
  bot: string;
  intentId: number;
  intent: string;
  act: string | null;
  text: string;
}

const ROWS = 400;

function versionRow(r: Record<string, unknown>): BotVersionRow {
  return {
    id: Number(r.id),
    bot: String(r.bot),
    version: String(r.version),
    releasedAt: Number(r.released_at),
    importedAt: Number(r.imported_at),
    fileName: String(r.file_name),
    format: String(r.format),
    intents: Number(r.intents),
    examples: Number(r.examples),
  };
}

/** Bots' definitions: versions, intents by name (ids kept across versions), training examples. */
@Injectable()
export class BotRepository extends SqlRepository {
  constructor(@InjectDataSource() ds: DataSource) {
    super(ds);
  }

  async versions(): Promise<BotVersionRow[]> {
    return (await this.q(`SELECT * FROM bot_versions ORDER BY released_at DESC, id DESC`)).map(versionRow);
  }

  /** Each bot's current version: its latest release (then the latest import). */
  async currentVersions(): Promise<BotVersionRow[]> {
    const current = new Map<string, BotVersionRow>();
    for (const v of await this.versions()) if (!current.has(v.bot)) current.set(v.bot, v);
    return [...current.values()];
  }

  async version(bot: string, version: string): Promise<BotVersionRow | null> {
    const [r] = await this.q(`SELECT * FROM bot_versions WHERE bot = ? AND version = ?`, [bot, version]);
    return r ? versionRow(r) : null;
  }

  /** One version, its intents and examples, in a transaction: all of it is stored or none. */
  async store(v: Omit<BotVersionRow, 'id'>, intents: { name: string; act: string | null; examples: string[] }[]): Promise<BotVersionRow> {
    return transaction(this.ds, async (em) => {
      const [{ id }] = await this.q<{ id: number }>(
        `INSERT INTO bot_versions (bot, version, released_at, imported_at, file_name, format, intents, examples) VALUES (?,?,?,?,?,?,?,?) RETURNING id`,
        [v.bot, v.version, v.releasedAt, v.importedAt, v.fileName, v.format, v.intents, v.examples],
        em,
      );
      const ids = await this.intentIds(v.bot, intents, em);
      const rows = intents.flatMap((i) => i.examples.map((text) => [Number(id), ids.get(i.name)!, text]));
      for (let at = 0; at < rows.length; at += ROWS) {
        const chunk = rows.slice(at, at + ROWS);
        await this.q(`INSERT INTO bot_examples (version_id, intent_id, text) VALUES ${chunk.map(() => '(?,?,?)').join(',')}`, chunk.flat(), em);
      }
      return { ...v, id: Number(id) };
    });
  }

  /** The ids of a bot's intents by name, creating the new ones; an intent's act follows its latest definition. */
  private async intentIds(bot: string, intents: { name: string; act: string | null }[], em: EntityManager): Promise<Map<string, number>> {
    const existing = new Map((await this.q<{ id: number; name: string }>(`SELECT id, name FROM bot_intents WHERE bot = ?`, [bot], em)).map((r) => [r.name, Number(r.id)]));
    for (const i of intents) {
      if (existing.has(i.name)) {
        await this.q(`UPDATE bot_intents SET act = ? WHERE id = ?`, [i.act, existing.get(i.name)], em);
        continue;
      }
      const [{ id }] = await this.q<{ id: number }>(`INSERT INTO bot_intents (bot, name, act, created_at) VALUES (?,?,?,?) RETURNING id`, [bot, i.name, i.act, Date.now()], em);
      existing.set(i.name, Number(id));
    }
    return existing;
  }

  /** The examples of every bot's latest version (by release date, then import order). */
  async currentExamples(): Promise<BotExampleRow[]> {
    const current = (await this.currentVersions()).map((v) => v.id);
    if (current.length === 0) return [];
    const rows = await this.q<{ version_id: number; bot: string; intent_id: number; name: string; act: string | null; text: string }>(
      `SELECT e.version_id, v.bot, e.intent_id, i.name, i.act, e.text
       FROM bot_examples e JOIN bot_versions v ON v.id = e.version_id JOIN bot_intents i ON i.id = e.intent_id
       WHERE v.id IN (${current.map(() => '?').join(',')})
       ORDER BY e.id`,
      current,
    );
    return rows.map((r) => ({ versionId: Number(r.version_id), bot: r.bot, intentId: Number(r.intent_id), intent: r.name, act: r.act, text: r.text }));
  }

  /** Intents of a version with how many examples each has. */
  async versionIntents(versionId: number): Promise<{ name: string; act: string | null; examples: number }[]> {
    const rows = await this.q<{ name: string; act: string | null; n: number | string }>(
      `SELECT i.name, i.act, COUNT(*) AS n FROM bot_examples e JOIN bot_intents i ON i.id = e.intent_id WHERE e.version_id = ? GROUP BY i.name, i.act ORDER BY i.name`,
      [versionId],
    );
    return rows.map((r) => ({ name: r.name, act: r.act, examples: Number(r.n) }));
  }
}
