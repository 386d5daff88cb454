import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../server/src/config/seam.config';
import { LexiconSentiment, SentimentEngine, TransformerSentiment } from '../server/src/modules/models/engines';
import { ModelsService } from '../server/src/modules/models/models.service';
import { splitFields } from '../server/src/modules/imports/formats/csv';
import { figure } from './figures';

const DATA = path.resolve(__dirname, '../../../shared/data');

interface Labelled {
  name: string;
  texts: string[];
  positive: boolean[];
}

function sets(): Labelled[] {
  const sst = readFileSync(path.join(DATA, 'sst2/sst2-dev.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.trim());
  const zh = readFileSync(path.join(DATA, 'chn-sentiment/waimai_10k.csv'), 'utf8').split(/\r?\n/).slice(1).filter((l) => l.trim());
  return [
    { name: 'sst2_en', texts: sst.map((l) => l.split('\t')[0]), positive: sst.map((l) => l.split('\t')[1].trim() === '1') },
    {
      name: 'waimai_zh',
      texts: zh.map((l) => splitFields(l, ',').fields.slice(1).join(',')),
      positive: zh.map((l) => l.startsWith('1')),
    },
  ];
}

/** `npm run bench -- sentiment`: binary accuracy (score > 0 is positive) on the labelled sets, for each engine available. */
export async function sentimentBench(): Promise<void> {
  const config = loadConfig();
  const engines: SentimentEngine[] = [new LexiconSentiment()];
  const model = await new ModelsService(config).find(config.sentimentModel);
  if (model) engines.push(await TransformerSentiment.load(config.modelsDir, model.id, model.dtype));
  else console.log(`# ${config.sentimentModel} is not installed in ${config.modelsDir}: only the lexicon engine is measured`);
  for (const engine of engines) {
    for (const set of sets()) {
      const started = Date.now();
      const scores = await engine.score(set.texts);
      const correct = scores.filter((s, i) => s.score > 0 === set.positive[i]).length;
      const covered = scores.filter((s) => s.score !== 0).length;
      figure(`sentiment_${set.name}_${engine.engine}_accuracy`, (correct / set.texts.length).toFixed(3), 'ratio');
      figure(`sentiment_${set.name}_${engine.engine}_scored`, (covered / set.texts.length).toFixed(3), 'ratio');
      figure(`sentiment_${set.name}_${engine.engine}_texts_per_s`, Math.round(set.texts.length / ((Date.now() - started) / 1000 || 0.001)), 'texts/s');
    }
  }
}
