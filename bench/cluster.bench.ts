import * as path from 'node:path';
import { clusterLarge, DEFAULT_LEXICAL, embedLexical, fitLexical } from '../analytics/src';
import { candidatesFor } from '../analytics/src/intents/candidates';
import { figure, flag } from './figures';
import { loadLabelled } from './intents.bench';

const DATA = path.resolve(__dirname, '../../../shared/data');

/** `npm run bench -- cluster [--n 100000]`: time to choose K and cluster N message vectors that are given. */
export async function clusterBench(args: string[]): Promise<void> {
  const n = Number(flag(args, 'n') ?? 100_000);
  const texts = [
    ...loadLabelled(path.join(DATA, 'banking77/train.csv'), 'text', 'category').texts,
    ...loadLabelled(path.join(DATA, 'hwu64/hwu64_all_folds.csv'), 'text', 'label').texts,
  ];
  const model = fitLexical(texts, DEFAULT_LEXICAL);
  const base = embedLexical(model, texts);
  const dims = model.options.dims;
  // N vectors: the real ones, then jittered copies (as many customers write nearly the same thing).
  const vectors = new Float32Array(n * dims);
  let seed = 9;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.05;
  for (let i = 0; i < n; i++) {
    const src = (i % texts.length) * dims;
    let norm = 0;
    for (let j = 0; j < dims; j++) {
      const v = base[src + j] + (i >= texts.length ? noise() : 0);
      vectors[i * dims + j] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < dims; j++) vectors[i * dims + j] /= norm;
  }
  const started = Date.now();
  const { best } = clusterLarge(vectors, dims, { candidates: candidatesFor(n), seed: 17 });
  figure('cluster_vectors', n, 'vectors');
  figure('cluster_dims', dims, 'dims');
  figure('cluster_k_chosen', best.k, 'clusters');
  figure('cluster_seconds', ((Date.now() - started) / 1000).toFixed(1), 's');
}
