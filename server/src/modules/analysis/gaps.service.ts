import { Injectable } from '@nestjs/common';
import type { Gap, GapList, IntentDetail } from '#contracts';
import { GAP_COST_FORMULA, intentName, rankGaps, rasaNlu, uniqueNames } from '../../../../analytics/src/intents/gaps';
import { csvField } from '../../../../analytics/src/text/spreadsheet';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { BotRepository } from '../bot/bot.repository';
import { AnalysisService } from './analysis.service';
import { IntentFilterQuery } from './dtos/intent.dto';
import { IntentsRepository } from './intents.repository';
import { IntentsService } from './intents.service';

export const GAP_EXPORT_FORMATS = ['rasa', 'dialogflow', 'csv'] as const;
export type GapExportFormat = (typeof GAP_EXPORT_FORMATS)[number];

/** Examples per intent in an export: enough to train on, the most frequent wordings first. */
const EXPORT_EXAMPLES = 25;

/** What the bot should learn next: the candidates ranked by cost, and what a manager does with each. */
@Injectable()
export class GapsService {
  constructor(
    private readonly intents: IntentsService,
    private readonly reads: IntentsRepository,
    private readonly analysis: AnalysisService,
    private readonly bot: BotRepository,
  ) {}

  async list(q: IntentFilterQuery): Promise<GapList> {
    const [list, outcomes, current] = await Promise.all([this.intents.items(q), this.reads.outcomes(this.intents.filter(q)), this.bot.currentVersions()]);
    const none = { conversations: 0, handoffs: 0, fallbacks: 0, abandoned: 0, repeats: 0 };
    const ranked = rankGaps(list.items.filter((i) => i.origin === 'discovered').map((i) => ({ ...i, ...(outcomes.get(i.id) ?? none), conversations: outcomes.get(i.id)?.conversations ?? i.conversations })));
    const recent = await this.reads.recentConversationsOf(ranked.map((g) => g.id), 5);
    const items: Gap[] = ranked.map((g) => ({ ...g, recentConversations: recent.get(g.id) ?? [] }));
    return { formula: GAP_COST_FORMULA, versions: current.map((v) => `${v.bot} ${v.version}`), items };
  }

  async accept(id: number, label: string): Promise<IntentDetail> {
    await this.analysis.accept(id, label);
    return this.intents.get(id, {});
  }

  async dismiss(id: number): Promise<void> {
    await this.analysis.dismiss(id);
  }

  /**
   * Intents with their customers' wordings, ready to add to the bot: `ids` (candidates or kept ones), else every
   * candidate a manager kept. Rasa NLU YAML, Dialogflow training phrases (CSV: intent, phrase) or plain CSV.
   */
  async export(format: GapExportFormat, ids: number[] | null): Promise<{ fileName: string; contentType: string; body: string }> {
    const all = await this.reads.intents(null);
    const wanted = ids ? [...new Set(ids)] : null;
    const chosen = wanted ? all.filter((i) => wanted.includes(i.id)) : all.filter((i) => i.origin === 'accepted');
    if (wanted && chosen.length !== wanted.length) throw new SeamException(SeamErrorCode.NotFound, `no intent ${wanted.filter((id) => !all.some((i) => i.id === id)).join(', ')}`);
    if (chosen.length === 0) throw new SeamException(SeamErrorCode.NotFound, 'nothing to export: keep a candidate first (or name the ids)');
    const names = uniqueNames(chosen.map((i) => intentName(i.customLabel || i.label)));
    const intents = await Promise.all(
      chosen.map(async (i, n) => ({
        name: names[n],
        examples: (await this.reads.intentTexts(i.id))
          .filter((t) => t.text !== '')
          .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
          .slice(0, EXPORT_EXAMPLES)
          .map((t) => ({ text: t.text.replace(/\s+/g, ' ').trim(), count: t.count })),
      })),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'rasa') return { fileName: `seam-intents-${stamp}.yml`, contentType: 'application/yaml; charset=utf-8', body: rasaNlu(intents.map((i) => ({ name: i.name, examples: i.examples.map((e) => e.text) }))) };
    const rows = format === 'dialogflow' ? [['intent', 'training_phrase']] : [['intent', 'example', 'messages']];
    for (const i of intents) for (const e of i.examples) rows.push(format === 'dialogflow' ? [i.name, e.text] : [i.name, e.text, String(e.count)]);
    return {
      fileName: `seam-intents-${stamp}${format === 'dialogflow' ? '-dialogflow' : ''}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: rows.map((r) => r.map((f, j) => csvField(f, !(format === 'csv' && j === 2))).join(',')).join('\r\n') + '\r\n',
    };
  }
}
