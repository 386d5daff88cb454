import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ari, clusteringAccuracy, clusterLarge, DEFAULT_LEXICAL, embedLexical, fitLexical, nmi } from '../analytics/src';
import { candidatesFor } from '../analytics/src/intents/candidates';
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

/** `npm run bench -- intents [--data FILE [--text COL --label COL]]`: clustering quality against gold intents, K estimated. */
export async function intentsBench(args: string[]): Promise<void> {
  const file = flag(args, 'data');
  const sets = file ? [loadLabelled(file, flag(args, 'text') ?? 'text', flag(args, 'label') ?? 'label')] : standardSets();
  for (const set of sets) {
    const started = Date.now();
    const model = fitLexical(set.texts, DEFAULT_LEXICAL);
    const vectors = embedLexical(model, set.texts);
    const { best } = clusterLarge(vectors, model.options.dims, { candidates: candidatesFor(set.texts.length), seed: 17 });
    const ids = new Map<string, number>();
    const gold = set.labels.map((l) => (ids.has(l) ? ids.get(l)! : (ids.set(l, ids.size), ids.size - 1)));
    const pred = Array.from(best.assignments);
    console.log(`${set.name}: NMI ${nmi(pred, gold).toFixed(3)} ARI ${ari(pred, gold).toFixed(3)} ACC ${clusteringAccuracy(pred, gold).toFixed(3)} K ${best.k} engine lexical`);
    figure(`intents_${set.name}_nmi`, nmi(pred, gold).toFixed(3), 'ratio');
    figure(`intents_${set.name}_k_chosen`, best.k, `clusters (gold ${ids.size})`);
    figure(`intents_${set.name}_seconds`, ((Date.now() - started) / 1000).toFixed(1), 's');
  }
}
