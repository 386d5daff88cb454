import { sniffDelimiter, splitFields } from '../../imports/formats/csv';
import { BotDefinition, definitionError } from './definition-types';

const INTENT_COLUMNS = ['intent', 'intent_name', 'intent name', 'label', 'category'];
const EXAMPLE_COLUMNS = ['example', 'examples', 'text', 'training phrase', 'training_phrase', 'phrase', 'utterance', 'question'];

/** A spreadsheet of the bot's intents: a header naming the intent column and the example column, one example a row. */
export function readCsvDefinition(file: string, text: string): BotDefinition {
  const records: { line: number; fields: string[] }[] = [];
  const lines = text.split(/\r?\n/);
  let pending = '';
  let start = 0;
  const delimiter = sniffDelimiter(lines.find((l) => l.trim() !== '') ?? '');
  lines.forEach((line, i) => {
    const record = pending ? `${pending}\n${line}` : line;
    if (!pending) start = i + 1;
    const { fields, open } = splitFields(record, delimiter);
    if (open) {
      pending = record;
      return;
    }
    pending = '';
    if (record.trim() !== '') records.push({ line: start, fields });
  });
  if (pending) definitionError(file, `line ${start}`, null, 'a quoted field is never closed');
  const [header, ...rows] = records;
  if (!header) definitionError(file, null, null, 'is empty');
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const intentAt = names.findIndex((n) => INTENT_COLUMNS.includes(n));
  const exampleAt = names.findIndex((n) => EXAMPLE_COLUMNS.includes(n));
  if (intentAt < 0 || exampleAt < 0) definitionError(file, `line ${header.line}`, intentAt < 0 ? 'intent' : 'example', `the header needs an intent column and an example column (e.g. "intent,example"); it has ${names.join(', ')}`);
  const byName = new Map<string, string[]>();
  for (const r of rows) {
    const intent = r.fields[intentAt]?.trim();
    const example = r.fields[exampleAt]?.trim();
    if (!intent) definitionError(file, `line ${r.line}`, names[intentAt], 'is empty');
    if (!example) definitionError(file, `line ${r.line}`, names[exampleAt], 'is empty');
    byName.set(intent, [...(byName.get(intent) ?? []), example]);
  }
  return { format: 'csv', intents: [...byName].map(([name, examples]) => ({ name, examples })) };
}
