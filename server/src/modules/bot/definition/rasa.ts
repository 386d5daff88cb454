import { isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLMap } from 'yaml';
import { jsonErrorAt } from '../../../common/json-error';
import { BotDefinition, definitionError } from './definition-types';
import { cxIntent } from './dialogflow';

/** A Rasa example without its entity annotations: `[Berlin](city)`, `[Berlin]{"entity": "city"}` → `Berlin`. */
export function plainExample(example: string): string {
  return example
    .replace(/\[([^\]]*)\](\([^)]*\)|\{[^}]*\}|\[[^\]]*\])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Rasa 3.x NLU YAML: `nlu:` items `- intent: name` with `examples: |` lines `- example` (or a list of
 * `{text, metadata}`); synonyms, regexes and lookup tables are not intents and are skipped. In a project folder
 * (`lenient`) a YAML file without `nlu:` (domain, stories, config) is not part of the definition.
 */
export function readRasaYaml(file: string, text: string, lenient: boolean): BotDefinition | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    definitionError(file, e.linePos ? `line ${e.linePos[0].line}` : null, null, `not valid YAML (${e.message.split('\n')[0]})`);
  }
  const nlu = isMap(doc.contents) ? doc.contents.get('nlu', true) : undefined;
  if (!nlu) {
    if (lenient) return null;
    definitionError(file, null, 'nlu', 'no nlu: section (a Rasa NLU file lists `- intent: name` with `examples:`)');
  }
  if (!isSeq(nlu)) definitionError(file, lineOf(lines, nlu), 'nlu', 'must be a list of `- intent: name` items');
  const intents: BotDefinition['intents'] = [];
  for (const item of nlu.items) {
    const at = lineOf(lines, item);
    if (!isMap(item)) definitionError(file, at, 'nlu', 'each item must be a mapping such as `- intent: greet`');
    const map = item as YAMLMap;
    if (!map.has('intent')) continue;
    const name = map.get('intent');
    if (typeof name !== 'string' || name.trim() === '') definitionError(file, at, 'intent', 'must be a name');
    const examples = map.get('examples', true);
    if (examples === undefined || examples === null) definitionError(file, at, `intent "${name}": examples`, 'is missing');
    const out: string[] = [];
    if (isScalar(examples) && typeof examples.value === 'string') {
      examples.value.split('\n').forEach((line, i) => {
        const t = line.trim();
        if (t === '') return;
        if (!t.startsWith('- ')) definitionError(file, `line ${lineNumber(lines, examples.range?.[0]) + 1 + i}`, `intent "${name}": examples`, 'each line must start with "- "');
        out.push(plainExample(t.slice(2)));
      });
    } else if (isSeq(examples)) {
      for (const e of examples.items) {
        const value = isScalar(e) ? e.value : isMap(e) ? e.get('text') : undefined;
        if (typeof value !== 'string') definitionError(file, lineOf(lines, e), `intent "${name}": examples`, 'each example must be text (or `text:` with metadata)');
        out.push(plainExample(value));
      }
    } else definitionError(file, lineOf(lines, examples), `intent "${name}": examples`, 'must be a block of "- example" lines');
    intents.push({ name: name.trim(), examples: out.filter(Boolean) });
  }
  if (intents.length === 0 && !lenient) definitionError(file, null, 'nlu', 'lists no intent');
  return intents.length > 0 ? { format: 'rasa-yaml', intents } : null;
}

function lineNumber(lines: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 0 : lines.linePos(offset).line;
}

function lineOf(lines: LineCounter, node: unknown): string | null {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? `line ${lines.linePos(range[0]).line}` : null;
}

/** A JSON syntax error with its line (JSON.parse does not always say where). */
export function jsonError(file: string, text: string, err: unknown): never {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/ in JSON at position \d+.*$/, '').replace(/, ".*$/, '');
  const at = jsonErrorAt(text);
  definitionError(file, at ? `line ${at.line}` : null, null, `not valid JSON (${message})`);
}

/**
 * Rasa's JSON training data (`{"rasa_nlu_data": {"common_examples": [{"text", "intent"}]}}`), or Dialogflow CX
 * intents as its API lists them (`{"intents": [{"displayName", "trainingPhrases"}]}`, or one such intent).
 */
export function readRasaJson(file: string, text: string, lenient: boolean): BotDefinition | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if (lenient) return null;
    jsonError(file, text, err);
  }
  const o = data as Record<string, unknown> | null;
  const rasa = (o?.rasa_nlu_data as Record<string, unknown> | undefined)?.common_examples;
  if (Array.isArray(rasa)) {
    const byName = new Map<string, string[]>();
    rasa.forEach((e: unknown, i) => {
      const ex = e as Record<string, unknown>;
      if (typeof ex?.intent !== 'string' || !ex.intent.trim()) definitionError(file, `common_examples[${i}]`, 'intent', 'must be a name');
      if (typeof ex.text !== 'string') definitionError(file, `common_examples[${i}]`, 'text', 'must be text');
      byName.set(ex.intent.trim(), [...(byName.get(ex.intent.trim()) ?? []), plainExample(ex.text)]);
    });
    return { format: 'rasa-json', intents: [...byName].map(([name, examples]) => ({ name, examples })) };
  }
  if (Array.isArray(o?.intents)) return { format: 'dialogflow-cx', intents: (o.intents as unknown[]).map((i, n) => cxIntent(file, `intents[${n}]`, i)) };
  if (o && typeof o.displayName === 'string' && Array.isArray(o.trainingPhrases)) return { format: 'dialogflow-cx', intents: [cxIntent(file, null, o)] };
  if (lenient) return null;
  definitionError(file, null, null, 'not a bot definition: expected Rasa JSON (rasa_nlu_data.common_examples) or Dialogflow CX intents (displayName, trainingPhrases)');
}

/** Rasa's Markdown training data (Rasa 1 and 2): `## intent:name` followed by `- example` lines. */
export function readRasaMarkdown(file: string, text: string, lenient: boolean): BotDefinition | null {
  const intents: BotDefinition['intents'] = [];
  let current: BotDefinition['intents'][number] | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    const heading = /^##\s*(\w+):\s*(.+?)\s*$/.exec(line);
    if (heading) {
      current = heading[1] === 'intent' ? { name: heading[2], examples: [] } : null;
      if (current) intents.push(current);
      return;
    }
    const example = /^\s*[-*+]\s+(.*)$/.exec(line);
    if (example && current) current.examples.push(plainExample(example[1]));
    else if (line.trim() && current && !line.startsWith('<!--')) definitionError(file, `line ${i + 1}`, `intent "${(current as { name: string }).name}"`, 'expected an example line "- example"');
  });
  if (intents.length === 0) {
    if (lenient) return null;
    definitionError(file, null, null, 'no "## intent:name" section');
  }
  return { format: 'rasa-markdown', intents };
}
