import { loadConfig } from '../config/seam.config';
import { ModelsService } from '../modules/models/models.service';
import { Command, options, UsageError } from './common';

async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = options('models', rest, { id: { type: 'string' } });
  const config = loadConfig();
  const models = new ModelsService(config);
  if (sub === 'list') {
    const installed = await models.list();
    if (installed.length === 0) console.log(`no models in ${config.modelsDir}; analysis runs on the lexical engine`);
    for (const m of installed) {
      const role = m.id === config.embeddingModel ? ' (embedding model in use)' : m.id === config.sentimentModel ? ' (sentiment model in use)' : '';
      console.log(`${m.id}\t${m.task}\t${m.dtype}\t${(m.bytes / 1e6).toFixed(1)} MB${role}`);
    }
    return 0;
  }
  if (sub === 'import') {
    if (positionals.length !== 1) throw new UsageError('models', 'models import takes one model folder');
    const m = await models.importFolder(positionals[0], values.id);
    console.log(`installed ${m.id} (${m.task}, ${m.dtype}) in ${m.dir}`);
    return 0;
  }
  if (sub === 'pull') {
    if (positionals.length !== 1) throw new UsageError('models', 'models pull takes one model id, such as Xenova/paraphrase-multilingual-MiniLM-L12-v2');
    const m = await models.pull(positionals[0], (file, bytes) => console.log(`  ${file} ${(bytes / 1e6).toFixed(1)} MB`));
    console.log(`installed ${m.id} (${m.task}, ${m.dtype}) in ${m.dir}`);
    return 0;
  }
  throw new UsageError('models', sub ? `unknown models command "${sub}"` : 'say list, import or pull');
}

export const modelsCommand: Command = {
  help: `models list | models import <folder> [--id org/name] | models pull <org/name>
      The local transformer models (SEAM_MODELS_DIR). pull downloads from the model hub (needs internet);
      import installs a model folder copied from elsewhere.`,
  run,
};
