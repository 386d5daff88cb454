import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ari, clusteringAccuracy, DEFAULT_LEXICAL, embedLexical, fitLexical, nmi, rng } from '../analytics/src';
import { actDetector, actOfIntentName } from '../analytics/src/intents/acts';
import { trainKnownIntents } from '../analytics/src/intents/known';
import { classifyTexts, discoverIntents } from '../analytics/src/intents/pipeline';
import { scriptOf } from '../analytics/src/text/tokenize';
import { splitFields, sniffDelimiter } from '../server/src/modules/imports/formats/csv';
import { figure, flag } from './figures';

const DATA = path.resolve(__dirname, '../../../shared/data');

interface Labelled {
  name: string;
  texts: string[];
  labels: string[];
}

/** A labelled set: CSV/TSV with `text` and `label` columns (or the named ones), or JSONL with `text` and `label`. */
export function loadLabelled(file: string, textColumn = 'text', labelColumn = 'label'): Labelled {
  const raw = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const texts: string[] = [];
  const labels: string[] = [];
  if (file.endsWith('.jsonl')) {
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line);
      texts.push(String(o[textColumn]));
      labels.push(String(o[labelColumn]));
    }
  } else {
    const lines = raw.split(/\r?\n/).filter((l) => l.trim() !== '');
    const d = sniffDelimiter(lines[0]);
    const header = splitFields(lines[0], d).fields.map((h) => h.trim().toLowerCase());
    const ti = header.indexOf(textColumn.toLowerCase());
    const li = header.indexOf(labelColumn.toLowerCase());
    if (ti < 0 || li < 0) throw new Error(`${file}: needs columns ${textColumn} and ${labelColumn} (has ${header.join(', ')})`);
    for (const line of lines.slice(1)) {
      const f = splitFields(line, d).fields;
      if (f.length <= Math.max(ti, li)) continue;
      texts.push(f[ti]);
      labels.push(f[li]);
    }
  }
  return { name: path.basename(file), texts, labels };
}

function standardSets(): Labelled[] {
  const banking = [loadLabelled(path.join(DATA, 'banking77/train.csv'), 'text', 'category'), loadLabelled(path.join(DATA, 'banking77/test.csv'), 'text', 'category')];
  return [
    { name: 'banking77', texts: banking.flatMap((b) => b.texts), labels: banking.flatMap((b) => b.labels) },
    { ...loadLabelled(path.join(DATA, 'hwu64/hwu64_all_folds.csv'), 'text', 'label'), name: 'hwu64' },
    { ...loadLabelled(path.join(DATA, 'smp2017-zh-intent/smp2017_task1_train.tsv'), 'sentence', 'tag'), name: 'smp2017-zh' },
  ];
}

interface BotExample {
  intent: string;
  text: string;
}

/** A bot's training phrases from a CSV `intent,example`. */
function loadBot(file: string): BotExample[] {
  const set = loadLabelled(file, 'example', 'intent');
  return set.texts.map((text, i) => ({ intent: set.labels[i], text }));
}

/** A bot built from a train split: `ratio` of its intents (seeded), `examples` phrases each. */
function botFromTrain(train: Labelled, ratio: number, examples: number, seed: number): BotExample[] {
  const rand = rng(seed);
  const shuffle = <T>(xs: T[]) => xs.map((x) => [rand(), x] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  const intents = shuffle([...new Set(train.labels)].sort());
  const known = intents.slice(0, Math.round(intents.length * ratio));
  return known.flatMap((intent) => shuffle(train.texts.filter((_, i) => train.labels[i] === intent)).slice(0, examples).map((text) => ({ intent, text })));
}

/**
 * One labelled set through the analysis's own steps (analytics/src/intents/pipeline.ts): acts set apart, the bot's
 * intents recognised when there is a bot, candidate intents discovered among the rest. Prints NMI, ARI and ACC of the
 * whole labelling (an act, a bot intent, a candidate), K (bot intents used + candidates), and with a bot KNOWN_ACC
 * (messages of intents the bot knows that it recognises as that intent) and NEW_RECALL (messages of intents it
 * lacks that are marked not covered).
 */
function evaluate(set: Labelled, bot: BotExample[] | null): void {
  const started = Date.now();
  const lexical = fitLexical([...set.texts, ...(bot ?? []).map((b) => b.text)], DEFAULT_LEXICAL);
  const dims = lexical.options.dims;
  const vectors = embedLexical(lexical, set.texts);
  const known = bot && bot.length > 0 ? trainKnownIntents(bot.map((b) => b.intent), embedLexical(lexical, bot.map((b) => b.text)), dims) : null;
  const acts = bot ? bot.flatMap((b) => { const act = actOfIntentName(b.intent); return act ? [{ act, text: b.text }] : []; }) : [];
  const result = classifyTexts({ texts: set.texts, vectors, dims, detectAct: actDetector(acts), known });
  const discovered = discoverIntents(vectors, dims, result.uncovered, { scripts: result.uncovered.map((i) => scriptOf(set.texts[i])) });
  const predicted = set.texts.map((_, i) => (result.acts[i] ? `act:${result.acts[i]}` : result.recognised[i]?.covered ? `bot:${known!.names[result.recognised[i]!.nearest]}` : ''));
  result.uncovered.forEach((i, j) => (predicted[i] = discovered.unclear[j] ? 'unclear' : `new:${discovered.assignments[j]}`));
  const ids = new Map<string, number>();
  const id = (l: string) => (ids.has(l) ? ids.get(l)! : (ids.set(l, ids.size), ids.size - 1));
  const gold = set.labels.map(id);
  const pred = predicted.map((p) => id(`p:${p}`));
  const k = new Set(predicted.filter((p) => !p.startsWith('act:') && p !== 'unclear')).size;
  const clear = predicted.flatMap((p, i) => (p === 'unclear' ? [] : [i]));
  const unclearShare = 1 - clear.length / predicted.length;
  const nmiClear = nmi(clear.map((i) => pred[i]), clear.map((i) => gold[i]));
  const line = [`NMI ${nmi(pred, gold).toFixed(3)}`, `ARI ${ari(pred, gold).toFixed(3)}`, `ACC ${clusteringAccuracy(pred, gold).toFixed(3)}`, `K ${k}`, `UNCLEAR ${(unclearShare * 100).toFixed(1)}%`, `NMI_CLEAR ${nmiClear.toFixed(3)}`];
  figure(`intents_${set.name}_unclear`, (unclearShare * 100).toFixed(1), '% of messages (their own label in NMI)');
  figure(`intents_${set.name}_nmi_clear`, nmiClear.toFixed(3), 'ratio (messages placed in an intent)');
  figure(`intents_${set.name}_nmi`, nmi(pred, gold).toFixed(3), 'ratio');
  figure(`intents_${set.name}_k_chosen`, k, `intents (gold ${new Set(set.labels).size})`);
  figure(`intents_${set.name}_acts`, result.acts.filter(Boolean).length, 'messages set apart as acts');
  if (known) {
    const names = new Set(known.names);
    const ofKnown = set.labels.flatMap((l, i) => (names.has(l) ? [i] : []));
    const ofNew = set.labels.flatMap((l, i) => (names.has(l) ? [] : [i]));
    const knownAcc = ofKnown.filter((i) => predicted[i] === `bot:${set.labels[i]}`).length / Math.max(1, ofKnown.length);
    const newRecall = ofNew.filter((i) => !predicted[i].startsWith('bot:')).length / Math.max(1, ofNew.length);
    line.unshift(`KNOWN_ACC ${knownAcc.toFixed(3)} NEW_RECALL ${newRecall.toFixed(3)}`);
    figure(`intents_${set.name}_known_acc`, knownAcc.toFixed(3), `ratio (${known.names.length} bot intents, ${bot!.length} examples)`);
    figure(`intents_${set.name}_new_recall`, newRecall.toFixed(3), 'ratio');
  }
  console.log(`${set.name}: ${line.join(' ')} engine lexical`);
  figure(`intents_${set.name}_seconds`, ((Date.now() - started) / 1000).toFixed(1), 's');
}

/**
 * `npm run bench -- intents [--data FILE [--text COL --label COL]] [--known BOT.csv | --train TRAIN.csv [--known-ratio R
 * --examples N --seed S]]`: intents against gold labels, with or without the bot's own intents.
 */
export async function intentsBench(args: string[]): Promise<void> {
  const file = flag(args, 'data');
  const sets = file ? [loadLabelled(file, flag(args, 'text') ?? 'text', flag(args, 'label') ?? 'label')] : standardSets();
  const botFile = flag(args, 'known');
  const train = flag(args, 'train');
  const bot = botFile
    ? loadBot(botFile)
    : train
      ? botFromTrain(loadLabelled(train, flag(args, 'text') ?? 'text', flag(args, 'label') ?? 'label'), Number(flag(args, 'known-ratio') ?? 0.75), Number(flag(args, 'examples') ?? 10), Number(flag(args, 'seed') ?? 1))
      : null;
  for (const set of sets) evaluate(set, bot);
}
