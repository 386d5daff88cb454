import { SeamErrorCode, SeamException } from '../../../common/seam.exception';

/** A bot's definition as Seam keeps it: its intents, each with its training examples. */
export interface BotDefinition {
  format: BotFormat;
  intents: { name: string; examples: string[] }[];
}

export const BOT_FORMATS = ['rasa-yaml', 'rasa-json', 'rasa-markdown', 'dialogflow-es', 'dialogflow-cx', 'csv'] as const;
export type BotFormat = (typeof BOT_FORMATS)[number];

/** One file of a definition: its path (relative, `/`-separated, inside a folder or a zip) and its text. */
export interface DefinitionFile {
  path: string;
  text: string;
}

/** A definition error names the file, the line or intent, and the field. */
export function definitionError(file: string, where: string | null, field: string | null, problem: string): never {
  throw new SeamException(SeamErrorCode.BadFile, `${file}${where ? `: ${where}` : ''}${field ? `: ${field}` : ''}: ${problem}`, { file, ...(field && { field }) });
}
