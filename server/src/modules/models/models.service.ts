import { Inject, Injectable, Logger } from '@nestjs/common';
import { cp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { EmbeddingEngine, LexiconSentiment, SentimentEngine, TransformerEmbedding, TransformerSentiment } from './engines';

export interface InstalledModel {
  id: string;
  dir: string;
  task: 'embedding' | 'sentiment';
  dtype: 'fp32' | 'q8';
  bytes: number;
}

const ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;
/** What a model folder needs, in transformers.js's layout; the ONNX file is the quantized one when there is one. */
const REQUIRED = ['config.json', 'tokenizer.json'];
/** `1_Pooling/config.json`: how a sentence-transformers model pools its tokens (CLS for BGE/GTE, mean for MiniLM/mpnet). */
const OPTIONAL = ['tokenizer_config.json', 'special_tokens_map.json', '1_Pooling/config.json'];
const WEIGHTS = ['onnx/model_quantized.onnx', 'onnx/model.onnx'];

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The models folder (SEAM_MODELS_DIR): what is installed, installing from a folder or from the model hub,
 * and the engines analysis runs on. Nothing is downloaded except by `pull`, which a person asks for.
 */
@Injectable()
export class ModelsService {
  private readonly logger = new Logger(ModelsService.name);

  constructor(@Inject(SEAM_CONFIG) private readonly config: SeamConfig) {}

  async describe(dir: string, id: string): Promise<InstalledModel | null> {
    for (const f of REQUIRED) if (!(await exists(path.join(dir, f)))) return null;
    const weights = (await exists(path.join(dir, WEIGHTS[0]))) ? WEIGHTS[0] : (await exists(path.join(dir, WEIGHTS[1]))) ? WEIGHTS[1] : null;
    if (!weights) return null;
    const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as { architectures?: string[]; id2label?: object };
    const classifier = (config.architectures ?? []).some((a) => /ForSequenceClassification$/.test(a)) || !!config.id2label;
    return { id, dir, task: classifier ? 'sentiment' : 'embedding', dtype: weights === WEIGHTS[0] ? 'q8' : 'fp32', bytes: (await stat(path.join(dir, weights))).size };
  }

  async list(): Promise<InstalledModel[]> {
    const out: InstalledModel[] = [];
    const root = this.config.modelsDir;
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const direct = await this.describe(path.join(root, e.name), e.name);
      if (direct) {
        out.push(direct);
        continue;
      }
      for (const inner of await readdir(path.join(root, e.name), { withFileTypes: true })) {
        if (!inner.isDirectory()) continue;
        const model = await this.describe(path.join(root, e.name, inner.name), `${e.name}/${inner.name}`);
        if (model) out.push(model);
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  async find(id: string): Promise<InstalledModel | null> {
    if (!ID.test(id)) return null;
    return this.describe(path.join(this.config.modelsDir, id), id);
  }

  /** Installs a model folder copied from elsewhere (an air-gapped machine's way in). */
  async importFolder(folder: string, id?: string): Promise<InstalledModel> {
    const modelId = id ?? path.basename(path.resolve(folder));
    const info = await stat(folder).catch(() => null);
    if (!info) throw new SeamException(SeamErrorCode.NotFound, `${folder}: no such folder`);
    if (!info.isDirectory()) throw new SeamException(SeamErrorCode.BadFile, `${folder} is a file: name the model's folder (it holds config.json, tokenizer.json and onnx/)`);
    if (!ID.test(modelId)) throw new SeamException(SeamErrorCode.BadFilter, `model id "${modelId}" must look like org/name`);
    const found = await this.describe(folder, modelId);
    if (!found) {
      throw new SeamException(SeamErrorCode.BadFile, `${folder} is not a transformers.js model folder: it needs ${REQUIRED.join(', ')} and onnx/model.onnx (or onnx/model_quantized.onnx)`);
    }
    const target = path.join(this.config.modelsDir, modelId);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await cp(folder, target, { recursive: true });
    return (await this.find(modelId))!;
  }

  /** Downloads a model from the hub (SEAM_HUB_ENDPOINT) into the models folder: for a machine with internet. */
  async pull(id: string, onFile?: (file: string, bytes: number) => void): Promise<InstalledModel> {
    if (!ID.test(id)) throw new SeamException(SeamErrorCode.BadFilter, `model id "${id}" must look like org/name`);
    const staging = path.join(this.config.modelsDir, '.staging', id.replace('/', '__'));
    await rm(staging, { recursive: true, force: true });
    const get = async (file: string, required: boolean): Promise<boolean> => {
      const url = `${this.config.hubEndpoint}/${id}/resolve/main/${file}`;
      let res: Response;
      try {
        res = await fetch(url);
      } catch (err) {
        throw new SeamException(SeamErrorCode.NotFound, `cannot reach ${this.config.hubEndpoint} to download ${id} (${(err as Error).message}); on a machine without internet, copy the model folder and use \`seam models import\``);
      }
      if (!res.ok) {
        if (!required) return false;
        throw new SeamException(SeamErrorCode.NotFound, `${url}: ${res.status} ${res.statusText}`);
      }
      const body = Buffer.from(await res.arrayBuffer());
      await mkdir(path.dirname(path.join(staging, file)), { recursive: true });
      await writeFile(path.join(staging, file), body);
      onFile?.(file, body.length);
      return true;
    };
    for (const f of REQUIRED) await get(f, true);
    for (const f of OPTIONAL) await get(f, false);
    if (!(await get(WEIGHTS[0], false))) await get(WEIGHTS[1], true);
    const target = path.join(this.config.modelsDir, id);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(staging, target);
    return (await this.find(id))!;
  }

  /** The transformer embedding model when it is installed (and allowed), or null for the lexical engine. */
  async transformerEmbedding(): Promise<EmbeddingEngine | null> {
    if (this.config.engine === 'lexical') return null;
    const model = await this.find(this.config.embeddingModel);
    if (!model) {
      if (this.config.engine === 'transformer') throw new SeamException(SeamErrorCode.NotFound, `SEAM_ENGINE=transformer but ${this.config.embeddingModel} is not installed in ${this.config.modelsDir}`);
      return null;
    }
    this.logger.log(`embedding with ${model.id} (${model.dtype})`);
    return TransformerEmbedding.load(this.config.modelsDir, model.id, model.dtype);
  }

  async sentiment(): Promise<SentimentEngine> {
    if (this.config.engine !== 'lexical') {
      const model = await this.find(this.config.sentimentModel);
      if (model) return TransformerSentiment.load(this.config.modelsDir, model.id, model.dtype);
      if (this.config.engine === 'transformer') throw new SeamException(SeamErrorCode.NotFound, `SEAM_ENGINE=transformer but ${this.config.sentimentModel} is not installed in ${this.config.modelsDir}`);
    }
    return new LexiconSentiment();
  }
}
