import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { clsPool, embeddingUse, meanPool } from './engines';

describe('a transformer model used as it is meant to be', () => {
  // Two texts, three tokens, two dimensions; the second text's last token is padding.
  const hidden = Float32Array.from([3, 4, 1, 0, 1, 0, 0, 2, 2, 0, 9, 9]);
  const dims = [2, 3, 2];

  it('pools the CLS token, or the mean of the tokens under the mask, to unit length', () => {
    expect(Array.from(clsPool(hidden, dims)).map((x) => +x.toFixed(3))).toEqual([0.6, 0.8, 0, 1]);
    const mean = meanPool(hidden, dims, BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]));
    expect(Array.from(mean).map((x) => +x.toFixed(3))).toEqual([0.781, 0.625, 0.707, 0.707]);
  });

  it('reads the pooling from 1_Pooling/config.json and the E5 prefix from the model id', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'seam-pooling-'));
    mkdirSync(path.join(dir, '1_Pooling'));
    writeFileSync(path.join(dir, '1_Pooling', 'config.json'), JSON.stringify({ word_embedding_dimension: 384, pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }));
    expect(embeddingUse(dir, 'Xenova/bge-small-en-v1.5')).toEqual({ pooling: 'cls', prefix: '' });
    expect(embeddingUse(path.join(dir, 'missing'), 'Xenova/multilingual-e5-small')).toEqual({ pooling: 'mean', prefix: 'query: ' });
    expect(embeddingUse(path.join(dir, 'missing'), 'Xenova/paraphrase-multilingual-MiniLM-L12-v2')).toEqual({ pooling: 'mean', prefix: '' });
  });
});
