import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';

/**
 * Writes a tiny BERT-shaped model folder that transformers.js loads like a real one from the hub:
 * config.json, a WordPiece tokenizer.json, and onnx/model.onnx taking input_ids, attention_mask and
 * token_type_ids. The encoder is an embedding lookup (token + token type), masked; the classifier variant
 * adds mean pooling and a linear layer to logits, with id2label. Word vectors are built so that words of
 * one topic point the same way and sentiment words move one axis, so the outputs mean something.
 */
export interface TinyBertOptions {
  kind: 'encoder' | 'classifier';
  hidden?: number;
}

const TOPICS: Record<string, string[]> = {
  card: ['card', 'cards', 'arrive', 'arrived', 'delivery', 'delivered', 'post', 'mail'],
  refund: ['refund', 'money', 'back', 'return', 'returned', 'reimburse'],
  password: ['password', 'login', 'log', 'reset', 'locked', 'account'],
  human: ['human', 'agent', 'person', 'someone', 'real', 'talk', 'speak'],
};
const POSITIVE = ['good', 'great', 'thanks', 'thank', 'love', 'perfect', 'happy', 'helpful', 'excellent'];
const NEGATIVE = ['bad', 'terrible', 'awful', 'angry', 'useless', 'worst', 'hate', 'ridiculous', 'slow'];
const FILLER = ['my', 'i', 'the', 'is', 'not', 'where', 'when', 'how', 'can', 'to', 'a', 'it', 'still', 'yet', 'want', 'please', 'do', 'you', 'this', 'was', 'very', 'so', 'me', 'with', 'for', 'of', 'has', 'have', 'need'];
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

function rand(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
}

function tensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

function input(name: string, elemType: number, shape: (string | number)[]): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

export function writeTinyBert(dir: string, options: TinyBertOptions): string[] {
  const hidden = options.hidden ?? 16;
  const vocab = [...SPECIAL, ...Object.values(TOPICS).flat(), ...POSITIVE, ...NEGATIVE, ...FILLER];
  const r = rand(options.kind === 'encoder' ? 7 : 11);
  const topicAxis = new Map<string, number>();
  Object.entries(TOPICS).forEach(([, ws], t) => ws.forEach((w) => topicAxis.set(w, 1 + t)));
  const emb = new Float32Array(vocab.length * hidden);
  vocab.forEach((w, i) => {
    for (let j = 0; j < hidden; j++) emb[i * hidden + j] = r() * 0.1;
    const axis = topicAxis.get(w);
    if (axis !== undefined) emb[i * hidden + axis] += 1;
    if (POSITIVE.includes(w)) emb[i * hidden] += 1;
    if (NEGATIVE.includes(w)) emb[i * hidden] -= 1;
  });
  const typeEmb = new Float32Array(2 * hidden).map(() => r() * 0.01);

  const nodes: onnx.INodeProto[] = [
    { opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'], name: 'word_lookup' },
    { opType: 'Gather', input: ['type_embeddings', 'token_type_ids'], output: ['types'], name: 'type_lookup' },
    { opType: 'Add', input: ['words', 'types'], output: ['summed'], name: 'add' },
    { opType: 'Cast', input: ['attention_mask'], output: ['mask_f'], name: 'cast', attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }] },
    { opType: 'Unsqueeze', input: ['mask_f', 'axis2'], output: ['mask3'], name: 'unsqueeze' },
    { opType: 'Mul', input: ['summed', 'mask3'], output: ['last_hidden_state'], name: 'mask' },
  ];
  const initializer: onnx.ITensorProto[] = [
    tensor('word_embeddings', [vocab.length, hidden], emb),
    tensor('type_embeddings', [2, hidden], typeEmb),
    { name: 'axis2', dims: [1], dataType: onnx.TensorProto.DataType.INT64, int64Data: [2] },
  ];
  const outputs: onnx.IValueInfoProto[] = [];
  const labels = ['negative', 'neutral', 'positive'];
  if (options.kind === 'classifier') {
    const w = new Float32Array(hidden * 3);
    w[0 * 3 + 0] = -4;
    w[0 * 3 + 2] = 4;
    nodes.push(
      { opType: 'ReduceMean', input: ['last_hidden_state'], output: ['pooled'], name: 'pool', attribute: [{ name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [1] }, { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'MatMul', input: ['pooled', 'classifier_w'], output: ['projected'], name: 'classify' },
      { opType: 'Add', input: ['projected', 'classifier_b'], output: ['logits'], name: 'bias' },
    );
    initializer.push(tensor('classifier_w', [hidden, 3], w), tensor('classifier_b', [3], Float32Array.from([0, 0.3, 0])));
    outputs.push(input('logits', onnx.TensorProto.DataType.FLOAT, ['batch_size', 3]));
  } else {
    outputs.push(input('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch_size', 'sequence_length', hidden]));
  }
  const model = onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'seam-tests',
    graph: {
      name: 'tiny-bert',
      node: nodes,
      initializer,
      input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => input(n, onnx.TensorProto.DataType.INT64, ['batch_size', 'sequence_length'])),
      output: outputs,
    },
  }).finish();

  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), model);
  const config: Record<string, unknown> = {
    model_type: 'bert',
    architectures: [options.kind === 'classifier' ? 'BertForSequenceClassification' : 'BertModel'],
    hidden_size: hidden,
    vocab_size: vocab.length,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    max_position_embeddings: 512,
    type_vocab_size: 2,
  };
  if (options.kind === 'classifier') {
    config.id2label = Object.fromEntries(labels.map((l, i) => [String(i), l]));
    config.label2id = Object.fromEntries(labels.map((l, i) => [l, i]));
  }
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  const special = (content: string) => ({ id: vocab.indexOf(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((w, i) => [w, i])) },
  };
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  );
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
}
