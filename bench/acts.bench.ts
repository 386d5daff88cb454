import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { actDetector } from '../analytics/src/intents/acts';
import { figure } from './figures';

const DATA = path.resolve(__dirname, '../../../shared/data');
const HERE = path.resolve(__dirname, '../../bench/acts');

interface Case {
  text: string;
  act: boolean;
}

/** A user turn of SGD is an act when every dialogue act on it is one: thanks, goodbye, yes, no, declining an offer, accepting an offered item without naming one. */
const SGD_ACTS = new Set(['THANK_YOU', 'GOODBYE', 'AFFIRM', 'NEGATE', 'NEGATE_INTENT', 'SELECT']);

/** English: the user turns of ../shared/data/sgd-banking, labelled by their dialogue acts. */
function english(): Case[] {
  const dir = path.join(DATA, 'sgd-banking');
  const out: Case[] = [];
  for (const file of readdirSync(dir).filter((f) => /^dialogues_\d+\.json$/.test(f))) {
    for (const dialogue of JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { turns: { speaker: string; utterance: string; frames: { actions: { act: string; values: string[] }[] }[] }[] }[]) {
      for (const turn of dialogue.turns) {
        if (turn.speaker !== 'USER') continue;
        const acts = turn.frames.flatMap((f) => f.actions.map((a) => (a.act === 'SELECT' && a.values.length > 0 ? 'SELECT_ITEM' : a.act)));
        out.push({ text: turn.utterance, act: acts.length > 0 && acts.every((a) => SGD_ACTS.has(a)) });
      }
    }
  }
  return out;
}

/**
 * Chinese: every distinct customer message of ../shared/data/jddc-dev (system events and "NULL" left out) and every
 * sentence of ../shared/data/smp2017-zh-intent; the acts among them were labelled by hand and are listed by hash in
 * bench/acts/zh-acts.txt (so the texts stay where their licence keeps them).
 */
function chinese(): Case[] {
  const positives = new Set(readFileSync(path.join(HERE, 'zh-acts.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
  const key = (t: string) => createHash('sha1').update(t.trim()).digest('hex').slice(0, 16);
  const jddc = readFileSync(path.join(DATA, 'jddc-dev/dev_question.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Q:'))
    .flatMap((l) => l.slice(3).split('!@@@!'))
    .map((t) => t.trim())
    .filter((t) => t && t !== 'NULL' && t !== '用户发起转人工' && /[\p{L}\p{N}]/u.test(t));
  const smp = readFileSync(path.join(DATA, 'smp2017-zh-intent/smp2017_task1_train.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0]?.trim())
    .filter(Boolean);
  return [...new Set([...jddc, ...smp])].map((text) => ({ text, act: positives.has(key(text)) }));
}

/** `npm run bench -- acts`: precision and recall of conversation-act detection (the analysis's own detector), English and Chinese. */
export async function actsBench(): Promise<void> {
  const detect = actDetector();
  for (const [language, cases] of [['en', english()], ['zh', chinese()]] as const) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const c of cases) {
      const found = detect(c.text) !== null;
      if (found && c.act) tp++;
      else if (found) fp++;
      else if (c.act) fn++;
    }
    figure(`acts_${language}_messages`, cases.length, `messages (${tp + fn} acts)`);
    figure(`acts_${language}_precision`, (tp / Math.max(1, tp + fp)).toFixed(3), 'ratio');
    figure(`acts_${language}_recall`, (tp / Math.max(1, tp + fn)).toFixed(3), 'ratio (engine: Seam act phrases)');
  }
}
