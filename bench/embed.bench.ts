import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../server/src/config/seam.config';
import { meanPool, TransformerEmbedding, transformersFor } from '../server/src/modules/models/engines';
import { AnalysisService } from '../server/src/modules/analysis/analysis.service';
import { ImportsService } from '../server/src/modules/imports/imports.service';
import { ModelsService } from '../server/src/modules/models/models.service';
import { writeTinyBert } from '../test/support/tiny-bert';
import { benchApp } from './dataset';
import { figure, flag } from './figures';
import { loadLabelled } from './intents.bench';

const DATA = path.resolve(__dirname, '../../../shared/data');
const BATCH = 32;
const ROUNDS = 5;

async function rate(run: () => Promise<unknown>, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The vector cache through the analysis job on the same model: real logs analysed, the same analysed again with
 * nothing new (nothing should be embedded), then another real set imported as the next night (only its texts).
 */
async function rerunCache(modelsDir: string, modelId: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'seam-embed-cache-'));
  const { app, drop } = await benchApp('sqlite', dir, 'cache', { SEAM_MODELS_DIR: modelsDir, SEAM_EMBEDDING_MODEL: modelId });
  try {
    const imports = app.get(ImportsService);
    const analysis = app.get(AnalysisService);
    for (const [source, file] of [
      ['sgd', 'sgd-banking'],
      ['abcd', 'abcd-sample/abcd_sample.json'],
      ['twcs', 'twcs/sample.csv'],
    ]) {
      await imports.importPath(path.join(DATA, file), { source, analyse: false });
    }
    const first = await analysis.schedule();
    const again = await analysis.schedule();
    await imports.importPath(path.join(DATA, 'taskmaster/tm4_coffee_data_07.json'), { source: 'taskmaster', analyse: false });
    const night = await analysis.schedule();
    figure('embed_cache_engine', first.embeddingEngine, '(engine)');
    figure('embed_cache_first_run_texts_embedded', first.textsEmbedded, 'texts');
    figure('embed_cache_rerun_texts_embedded', again.textsEmbedded, 'texts');
    figure('embed_cache_rerun_hit_rate', (again.cacheHits / (again.cacheHits + again.textsEmbedded)).toFixed(3), 'ratio');
    figure('embed_cache_next_night_texts_embedded', night.textsEmbedded, 'texts');
    figure('embed_cache_next_night_hit_rate', (night.cacheHits / (night.cacheHits + night.textsEmbedded)).toFixed(3), 'ratio');
  } finally {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- embed`: sentences/s through Seam's embedding step against a bare onnxruntime-node session
 * on the same model, tokenizer and batch, both warmed up, then alternated for five rounds (medians). Uses the installed embedding model, or (on a machine without one)
 * a tiny generated BERT-shaped model, which measures Seam's overhead rather than a model's speed. Then the
 * cache hit rate of a re-run and of the next night.
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
      return meanPool(hidden.data as Float32Array, hidden.dims as number[], enc.attention_mask.data as BigInt64Array);
    };
    const runSeam = () => seam.embed(texts);
    const runBare = async () => {
      for (let i = 0; i < texts.length; i += BATCH) await bare(texts.slice(i, i + BATCH));
    };
    const seamRates: number[] = [];
    const bareRates: number[] = [];
    await runSeam();
    await runBare();
    for (let round = 0; round < ROUNDS; round++) {
      seamRates.push(await rate(runSeam, texts.length));
      bareRates.push(await rate(runBare, texts.length));
    }
    const seamRate = median(seamRates);
    const bareRate = median(bareRates);
    figure('embed_model', modelId, '(id)');
    figure('embed_seam_sentences_per_s', Math.round(seamRate), 'sentences/s');
    figure('embed_bare_ort_sentences_per_s', Math.round(bareRate), 'sentences/s');
    figure('embed_ratio_seam_to_bare', (seamRate / bareRate).toFixed(2), 'ratio');
    await rerunCache(modelsDir, modelId);
  } finally {
    cleanup();
  }
}
