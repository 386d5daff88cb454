import { unzipSync } from 'fflate';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { SeamException } from '../../../common/seam.exception';
import { readCsvDefinition } from './csv-definition';
import { readDialogflowCx, readDialogflowEs } from './dialogflow';
import { readRasaJson, readRasaMarkdown, readRasaYaml } from './rasa';
import { BotDefinition, BotFormat, definitionError, DefinitionFile } from './definition-types';

export type { BotDefinition, BotFormat, DefinitionFile } from './definition-types';

/** Most files read from a folder or a zip, and the largest: a definition is training phrases, not a data dump. */
const MAX_FILES = 20_000;
const MAX_BYTES = 200 * 1024 * 1024;

/** The files of a folder, a zip or a single file, as text. */
export function definitionFiles(target: string, name = path.basename(target)): DefinitionFile[] {
  const stat = statSync(target);
  if (stat.isDirectory()) {
    const out: DefinitionFile[] = [];
    let bytes = 0;
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && /\.(json|ya?ml|md|csv|tsv)$/i.test(entry.name)) {
          bytes += statSync(full).size;
          if (out.length >= MAX_FILES || bytes > MAX_BYTES) definitionError(name, null, null, 'too many or too large files for a bot definition');
          out.push({ path: path.relative(target, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') });
        }
      }
    };
    walk(target);
    return out;
  }
  return filesOf(name, readFileSync(target));
}

/** The files of an uploaded definition: a zip's entries, or the file itself. */
export function filesOf(name: string, bytes: Uint8Array): DefinitionFile[] {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    let entries: Record<string, Uint8Array>;
    let total = 0;
    try {
      entries = unzipSync(bytes, {
        filter: (f) => {
          total += f.originalSize;
          if (total > MAX_BYTES) definitionError(name, null, null, 'the zip unpacks to more than 200 MB');
          return /\.(json|ya?ml|md|csv|tsv)$/i.test(f.name) && !f.name.startsWith('__MACOSX/');
        },
      });
    } catch (err) {
      if (err instanceof SeamException) throw err;
      definitionError(name, null, null, `not a readable zip (${err instanceof Error ? err.message : err})`);
    }
    const files = Object.entries(entries).map(([p, data]) => ({ path: p, text: Buffer.from(data).toString('utf8') }));
    if (files.length > MAX_FILES) definitionError(name, null, null, 'too many files for a bot definition');
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }
  return [{ path: name, text: Buffer.from(bytes).toString('utf8') }];
}

/**
 * Reads a bot's definition from its files, recognising the format: a Rasa NLU file (YAML 3.x `nlu:`, JSON
 * `rasa_nlu_data`, Markdown `## intent:`) or a Rasa project's data folder, a Dialogflow ES agent export
 * (`intents/*_usersays_*.json`), a Dialogflow CX agent export (`intents/<name>/trainingPhrases/<lang>.json`) or a CX
 * `intents` list, a CSV `intent,example`.
 */
export function readDefinition(name: string, files: DefinitionFile[]): BotDefinition {
  const text = (f: DefinitionFile) => f.text.replace(/^\uFEFF/, '');
  if (files.length === 0) definitionError(name, null, null, 'holds no definition file (.yml, .json, .md, .csv)');
  if (files.some((f) => /(^|\/)intents\/[^/]+_usersays_[\w-]+\.json$/i.test(f.path))) return readDialogflowEs(name, files.map((f) => ({ ...f, text: text(f) })));
  if (files.some((f) => /(^|\/)intents\/[^/]+\/trainingPhrases\/[\w-]+\.json$/i.test(f.path))) return readDialogflowCx(name, files.map((f) => ({ ...f, text: text(f) })));
  const merged: BotDefinition['intents'] = [];
  let format: BotFormat | null = null;
  const add = (d: BotDefinition) => {
    format ??= d.format;
    for (const intent of d.intents) {
      const same = merged.find((m) => m.name === intent.name);
      if (same) same.examples.push(...intent.examples);
      else merged.push({ name: intent.name, examples: [...intent.examples] });
    }
  };
  for (const f of files) {
    const where = files.length === 1 ? f.path : `${name}/${f.path}`;
    const body = text(f);
    if (/\.ya?ml$/i.test(f.path)) {
      const d = readRasaYaml(where, body, files.length > 1);
      if (d) add(d);
    } else if (/\.json$/i.test(f.path)) {
      const d = readRasaJson(where, body, files.length > 1);
      if (d) add(d);
    } else if (/\.md$/i.test(f.path)) {
      const d = readRasaMarkdown(where, body, files.length > 1);
      if (d) add(d);
    } else if (/\.(csv|tsv)$/i.test(f.path)) add(readCsvDefinition(where, body));
  }
  if (!format || merged.length === 0) {
    definitionError(name, null, null, 'no intents found: expected a Rasa NLU file (nlu: with intent/examples), a Dialogflow ES or CX agent export, or a CSV with columns intent,example');
  }
  return { format, intents: merged.map((i) => ({ name: i.name, examples: dedupe(i.examples) })) };
}

export function dedupe(examples: string[]): string[] {
  return [...new Set(examples.map((e) => e.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}
