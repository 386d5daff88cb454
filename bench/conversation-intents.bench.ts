import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LEXICAL, embedLexical, fitLexical, nmi } from '../analytics/src';
import { actDetector } from '../analytics/src/intents/acts';
import { conversationIntent } from '../analytics/src/intents/assign';
import { classifyTexts, discoverIntents, openingTexts } from '../analytics/src/intents/pipeline';
import { scriptOf } from '../analytics/src/text/tokenize';
import { detectFormat, parserFor } from '../server/src/modules/imports/formats/detect';
import type { FormatName, LogRecord } from '../server/src/modules/imports/formats/format.types';
import { figure, flag } from './figures';
import { loadLabelled } from './intents.bench';

const DATA = path.resolve(__dirname, '../../../shared/data');

/** A log's customer messages by conversation, in order, read by the product's own import parsers. */
async function conversations(file: string, format?: string): Promise<Map<string, LogRecord[]>> {
  const detected = format ? { format: format as FormatName, wrapped: false } : await detectFormat(file);
  const out = new Map<string, LogRecord[]>();
  for await (const item of parserFor(detected.format, detected.wrapped)({ path: file, fileName: path.basename(file), maxRecordBytes: 1 << 20, baseTime: Date.UTC(2024, 0, 1) })) {
    if (item.kind !== 'record' || item.record.role !== 'customer') continue;
    out.set(item.record.conversationId, [...(out.get(item.record.conversationId) ?? []), item.record]);
  }
  for (const list of out.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  return out;
}

/**
 * `npm run bench -- conversation-intents [--data FILE [--format F] --labels LABELS.csv]`: the intent of each
 * conversation as the analysis gives it (acts set apart, candidates discovered among the texts that open conversations,
 * the first customer message with an intent) against a label per conversation (LABELS: conversation_id,intent): NMI and K. Without --data: the
 * dialogues of ../shared/data/sgd-banking, each labelled with its first active intent.
 */
export async function conversationIntentsBench(args: string[]): Promise<void> {
  const file = flag(args, 'data');
  const sets: { name: string; byConversation: Map<string, LogRecord[]>; labels: Map<string, string> }[] = [];
  if (file) {
    const labelFile = flag(args, 'labels');
    if (!labelFile) throw new Error('--labels LABELS.csv (conversation_id,intent) is required with --data');
    const l = loadLabelled(labelFile, 'conversation_id', 'intent');
    sets.push({ name: path.basename(file), byConversation: await conversations(file, flag(args, 'format')), labels: new Map(l.texts.map((id, i) => [id, l.labels[i]])) });
  } else {
    const dir = path.join(DATA, 'sgd-banking');
    const byConversation = new Map<string, LogRecord[]>();
    for (const f of readdirSync(dir).filter((x) => /^dialogues_\d+\.json$/.test(x))) for (const [id, list] of await conversations(path.join(dir, f), 'sgd')) byConversation.set(id, list);
    const labels = new Map<string, string>();
    for (const [id, list] of byConversation) {
      const first = list.find((m) => typeof m.metadata?.intent === 'string');
      if (first) labels.set(id, String(first.metadata!.intent));
    }
    sets.push({ name: 'sgd-banking', byConversation, labels });
  }
  for (const set of sets) {
    const started = Date.now();
    const ids = [...set.byConversation.keys()].filter((id) => set.labels.has(id));
    const sent = new Map<string, number>();
    for (const id of ids) for (const m of set.byConversation.get(id)!) sent.set(m.text, (sent.get(m.text) ?? 0) + 1);
    const texts = [...sent.keys()];
    const lexical = fitLexical(texts, { ...DEFAULT_LEXICAL, minDf: texts.length < 2000 ? 1 : DEFAULT_LEXICAL.minDf });
    const dims = lexical.options.dims;
    const vectors = embedLexical(lexical, texts);
    const result = classifyTexts({ texts, vectors, dims, detectAct: actDetector(), known: null });
    const isAct = new Set(texts.filter((_, i) => result.acts[i] !== null));
    const opens = openingTexts(ids.map((id) => set.byConversation.get(id)!.map((m) => m.text)), (t) => isAct.has(t));
    const discovered = discoverIntents(vectors, dims, result.uncovered, {
      counts: result.uncovered.map((i) => sent.get(texts[i])!),
      opens: result.uncovered.map((i) => opens.get(texts[i]) ?? 0),
      scripts: result.uncovered.map((i) => scriptOf(texts[i])),
    });
    const intentOf = new Map<string, number | null>(texts.map((t) => [t, null]));
    result.uncovered.forEach((i, j) => intentOf.set(texts[i], discovered.unclear[j] ? -2 : discovered.assignments[j]));
    const predicted = ids.map((id) => conversationIntent(set.byConversation.get(id)!.map((m) => intentOf.get(m.text) ?? null)) ?? -1);
    const names = new Map<string, number>();
    const gold = ids.map((id) => {
      const l = set.labels.get(id)!;
      if (!names.has(l)) names.set(l, names.size);
      return names.get(l)!;
    });
    const score = nmi(predicted, gold);
    console.log(`${set.name}: conversations ${ids.length} NMI ${score.toFixed(3)} K ${new Set(predicted).size} (gold ${names.size}) engine lexical`);
    figure(`conversation_intents_${set.name}_nmi`, score.toFixed(3), 'ratio (engine lexical)');
    figure(`conversation_intents_${set.name}_k`, new Set(predicted).size, `intents (gold ${names.size})`);
    figure(`conversation_intents_${set.name}_seconds`, ((Date.now() - started) / 1000).toFixed(1), 's');
  }
}
