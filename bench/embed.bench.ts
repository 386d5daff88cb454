import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../server/src/config/seam.config';
import { meanPool, TransformerEmbedding, transformersFor } from '../server/src/modules/models/engines';
import { ModelsService } from '../server/src/modules/models/models.service';
import { writeTinyBert } from '../test/support/tiny-bert';
import { figure, flag } from './figures';
import { loadLabelled } from './intents.bench';

const DATA = path.resolve(__dirname, '../../../shared/data');
const BATCH = 32;

/**
 * `npm run bench -- embed`: sentences/s through Seam's embedding step against a bare onnxruntime-node session
 * on the same model, tokenizer and batch. Uses the installed embedding model, or (on a machine without one)
 * a tiny generated BERT-shaped model, which measures Seam's overhead rather than a model's speed.
 */
export async function embedBench(args: string[]): Promise<void> {
  const config = loadConfig();
  const count = Number(flag(args, 'n') ?? 2000);
  let modelsDir = config.modelsDir;
  let modelId = config.embeddingModel;
  let dtype: 'fp32' | 'q8' = 'fp32';
  let cleanup = () => undefined as void;
  const installed = await new ModelsService(config).find(modelId);
  if (installed) dtype = installed.dtype;
  else {
    modelsDir = mkdtempSync(path.join(tmpdir(), 'seam-embed-bench-'));
    modelId = 'seam-bench/tiny-encoder';
    writeTinyBert(path.join(modelsDir, modelId), { kind: 'encoder', hidden: 384 });
    cleanup = () => rmSync(modelsDir, { recursive: true, force: true });
    console.log(`# ${config.embeddingModel} is not installed: measuring on a generated tiny encoder (hidden 384)`);
  }
  try {
    const texts = loadLabelled(path.join(DATA, 'banking77/test.csv'), 'text', 'category').texts.slice(0, count);
    const seam = await TransformerEmbedding.load(modelsDir, modelId, dtype);
    await seam.embed(texts.slice(0, BATCH));
    let started = process.hrtime.bigint();
    await seam.embed(texts);
    const seamRate = texts.length / (Number(process.hrtime.bigint() - started) / 1e9);

    const t = transformersFor(modelsDir);
    const tokenizer = await t.AutoTokenizer.from_pretrained(modelId, { local_files_only: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
    const file = path.join(modelsDir, modelId, 'onnx', dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
    const session = await ort.InferenceSession.create(file);
    const bare = async (batch: string[]) => {
      const enc = tokenizer(batch, { padding: true, truncation: true });
      const feeds: Record<string, import('onnxruntime-node').Tensor> = {};
      for (const name of session.inputNames) {
        const tensor = enc[name as 'input_ids'];
        feeds[name] = new ort.Tensor('int64', tensor.data as BigInt64Array, tensor.dims as number[]);
      }
      const out = await session.run(feeds);
      const hidden = out[session.outputNames[0]];
      const pooled = meanPool(hidden.data as Float32Array, hidden.dims as number[], enc.attention_mask.data as BigInt64Array);
      return pooled;
    };
    await bare(texts.slice(0, BATCH));
    started = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i += BATCH) await bare(texts.slice(i, i + BATCH));
    const bareRate = texts.length / (Number(process.hrtime.bigint() - started) / 1e9);
    figure('embed_model', modelId, '(id)');
    figure('embed_seam_sentences_per_s', Math.round(seamRate), 'sentences/s');
    figure('embed_bare_ort_sentences_per_s', Math.round(bareRate), 'sentences/s');
    figure('embed_ratio_seam_to_bare', (seamRate / bareRate).toFixed(2), 'ratio');
  } finally {
    cleanup();
  }
}
