import { BotDefinition, definitionError, DefinitionFile } from './definition-types';
import { jsonError } from './rasa';

function parse(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    jsonError(file, text, err);
  }
}

/** The text of a training phrase from its parts (`[{text}, {text, parameterId|alias}]`). */
function phraseText(file: string, where: string, parts: unknown): string {
  if (!Array.isArray(parts)) definitionError(file, where, 'parts', 'must be a list of {text}');
  return parts.map((p, i) => {
    const t = (p as { text?: unknown })?.text;
    if (typeof t !== 'string') definitionError(file, `${where}.parts[${i}]`, 'text', 'must be text');
    return t;
  }).join('').trim();
}

/** An intent's name from its file name (exports percent-encode some characters; a stray % is kept as it is). */
function fromFileName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** One Dialogflow CX intent resource: `displayName` and `trainingPhrases[].parts[].text`. */
export function cxIntent(file: string, where: string | null, raw: unknown): BotDefinition['intents'][number] {
  const o = raw as { displayName?: unknown; trainingPhrases?: unknown };
  if (typeof o?.displayName !== 'string' || !o.displayName.trim()) definitionError(file, where, 'displayName', 'must be the intent\'s name');
  const phrases = o.trainingPhrases ?? [];
  if (!Array.isArray(phrases)) definitionError(file, where ?? `intent "${o.displayName}"`, 'trainingPhrases', 'must be a list');
  return { name: o.displayName.trim(), examples: phrases.map((p, i) => phraseText(file, `intent "${o.displayName}": trainingPhrases[${i}]`, (p as { parts?: unknown })?.parts)) };
}

/**
 * A Dialogflow ES agent export (zip or folder): `intents/<Name>.json` (its `name`) and, per language,
 * `intents/<Name>_usersays_<lang>.json`, a list of `{data: [{text}]}`.
 */
export function readDialogflowEs(name: string, files: DefinitionFile[]): BotDefinition {
  const byIntent = new Map<string, string[]>();
  for (const f of files) {
    const m = /(?:^|\/)intents\/(.+)_usersays_[\w-]+\.json$/i.exec(f.path);
    if (!m) continue;
    const where = `${name}/${f.path}`;
    const definitionFile = files.find((g) => g.path === f.path.replace(/_usersays_[\w-]+\.json$/i, '.json'));
    const declared = definitionFile ? (parse(`${name}/${definitionFile.path}`, definitionFile.text) as { name?: unknown })?.name : undefined;
    const intent = typeof declared === 'string' && declared.trim() ? declared.trim() : fromFileName(m[1]);
    const says = parse(where, f.text);
    if (!Array.isArray(says)) definitionError(where, null, null, 'must be a list of training phrases ({data: [{text}]})');
    const examples = says.map((s, i) => phraseText(where, `[${i}]`, (s as { data?: unknown })?.data));
    byIntent.set(intent, [...(byIntent.get(intent) ?? []), ...examples]);
  }
  // Intents without training phrases (a fallback, an event-only welcome) are in the agent too: they have no usersays file.
  for (const f of files) {
    const m = /(?:^|\/)intents\/([^/]+)\.json$/i.exec(f.path);
    if (!m || /_usersays_/i.test(f.path)) continue;
    const declared = (parse(`${name}/${f.path}`, f.text) as { name?: unknown })?.name;
    const intent = typeof declared === 'string' && declared.trim() ? declared.trim() : fromFileName(m[1]);
    if (!byIntent.has(intent)) byIntent.set(intent, []);
  }
  return { format: 'dialogflow-es', intents: [...byIntent].map(([intent, examples]) => ({ name: intent, examples })) };
}

/**
 * A Dialogflow CX agent export (zip or folder): `intents/<Name>/<Name>.json` (its `displayName`) and, per
 * language, `intents/<Name>/trainingPhrases/<lang>.json` with `trainingPhrases[].parts[].text`.
 */
export function readDialogflowCx(name: string, files: DefinitionFile[]): BotDefinition {
  const byIntent = new Map<string, string[]>();
  for (const f of files) {
    const m = /(?:^|\/)intents\/([^/]+)\/trainingPhrases\/[\w-]+\.json$/i.exec(f.path);
    if (!m) continue;
    const where = `${name}/${f.path}`;
    const folder = f.path.slice(0, f.path.indexOf('/trainingPhrases/'));
    const definitionFile = files.find((g) => g.path === `${folder}/${m[1]}.json`);
    const declared = definitionFile ? (parse(`${name}/${definitionFile.path}`, definitionFile.text) as { displayName?: unknown })?.displayName : undefined;
    const intent = typeof declared === 'string' && declared.trim() ? declared.trim() : fromFileName(m[1]);
    const body = parse(where, f.text) as { trainingPhrases?: unknown };
    if (!Array.isArray(body?.trainingPhrases)) definitionError(where, null, 'trainingPhrases', 'must be a list');
    const examples = body.trainingPhrases.map((p, i) => phraseText(where, `trainingPhrases[${i}]`, (p as { parts?: unknown })?.parts));
    byIntent.set(intent, [...(byIntent.get(intent) ?? []), ...examples]);
  }
  return { format: 'dialogflow-cx', intents: [...byIntent].map(([intent, examples]) => ({ name: intent, examples })) };
}
