/**
 * Builds a tiny sentence-embedding model folder in the transformers.js layout
 * (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx), so the
 * local embedder's real loading path can be tested without downloading weights.
 *
 * The ONNX graph is one Gather: input_ids [batch, seq] index rows of a constant
 * embedding table [vocab, dim] and come out as last_hidden_state [batch, seq, dim].
 * attention_mask and token_type_ids are declared inputs the graph ignores, as a
 * BERT export has them. The protobuf bytes are written by hand (field numbers
 * from onnx/onnx.proto), which keeps the tests free of an extra dependency.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** WordPiece vocabulary: ids are the positions. */
export const TINY_VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'the',
  'cat',
  'dog',
  'sat',
  'on',
  'mat',
  'database',
  'migration',
  'failed',
  'search',
  '##ing',
  'index',
  'sqlite',
  'rocket',
] as const;

export const TINY_DIM = TINY_VOCAB.length;

/**
 * Row i of the table is the one-hot vector e_i, so a mean-pooled sentence vector is
 * its normalised bag of tokens. [PAD] is a large uniform row instead: if padding
 * leaked into the mean, batched and single embeddings would differ.
 */
export function tinyEmbeddingTable(): Float32Array {
  const table = new Float32Array(TINY_VOCAB.length * TINY_DIM);
  for (let row = 0; row < TINY_VOCAB.length; row++) {
    if (row === 0) table.fill(5, 0, TINY_DIM);
    else table[row * TINY_DIM + row] = 1;
  }
  return table;
}

/** The vector the embedder should return for a sequence of token ids (with [CLS]/[SEP]). */
export function expectedVector(tokenIds: readonly number[]): Float32Array {
  const table = tinyEmbeddingTable();
  const out = new Float32Array(TINY_DIM);
  for (const id of tokenIds) {
    for (let d = 0; d < TINY_DIM; d++) out[d] = (out[d] ?? 0) + (table[id * TINY_DIM + d] ?? 0);
  }
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm);
  return out.map((x) => x / norm);
}

export function tokenId(token: (typeof TINY_VOCAB)[number]): number {
  return TINY_VOCAB.indexOf(token);
}

export interface TinyModelOptions {
  /** Leave a file out, to test the "incomplete folder" error. */
  omit?: 'config.json' | 'tokenizer.json' | 'tokenizer_config.json' | 'onnx/model.onnx';
  /** Claimed hidden size in config.json (defaults to the real one). */
  hiddenSize?: number;
}

export function writeTinyModel(dir: string, options: TinyModelOptions = {}): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const files: Record<string, string | Uint8Array> = {
    'config.json': JSON.stringify(
      {
        model_type: 'bert',
        architectures: ['BertModel'],
        hidden_size: options.hiddenSize ?? TINY_DIM,
        vocab_size: TINY_VOCAB.length,
        num_hidden_layers: 0,
        num_attention_heads: 1,
        max_position_embeddings: 64,
        pad_token_id: 0,
      },
      null,
      2,
    ),
    'tokenizer.json': JSON.stringify(tinyTokenizerJson(), null, 2),
    'tokenizer_config.json': JSON.stringify(
      {
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        model_max_length: 64,
        cls_token: '[CLS]',
        sep_token: '[SEP]',
        pad_token: '[PAD]',
        unk_token: '[UNK]',
      },
      null,
      2,
    ),
    'onnx/model.onnx': tinyOnnxModel(),
  };
  for (const [name, content] of Object.entries(files)) {
    if (name === options.omit) continue;
    writeFileSync(join(dir, name), content);
  }
}

function tinyTokenizerJson(): unknown {
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content) => ({
      id: TINY_VOCAB.indexOf(content as (typeof TINY_VOCAB)[number]),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCAB.map((token, id) => [token, id])),
    },
  };
}

// ---- ONNX protobuf, by hand -------------------------------------------------

const ONNX_FLOAT = 1;
const ONNX_INT64 = 7;

export function tinyOnnxModel(): Uint8Array {
  const table = tinyEmbeddingTable();
  const tensor = message([
    ...[TINY_VOCAB.length, TINY_DIM].map((dim) => varintField(1, dim)), // dims
    varintField(2, ONNX_FLOAT), // data_type
    stringField(8, 'embeddings'), // name
    bytesField(9, new Uint8Array(table.buffer, table.byteOffset, table.byteLength)), // raw_data (LE)
  ]);
  const gather = message([
    stringField(1, 'embeddings'),
    stringField(1, 'input_ids'),
    stringField(2, 'last_hidden_state'),
    stringField(3, 'embed_tokens'),
    stringField(4, 'Gather'),
    bytesField(5, message([stringField(1, 'axis'), varintField(3, 0), varintField(20, 2 /* INT */)])),
  ]);
  const graph = message([
    bytesField(1, gather), // node
    stringField(2, 'tiny_sentence_encoder'),
    bytesField(5, tensor), // initializer
    bytesField(11, valueInfo('input_ids', ONNX_INT64, ['batch_size', 'sequence_length'])),
    bytesField(11, valueInfo('attention_mask', ONNX_INT64, ['batch_size', 'sequence_length'])),
    bytesField(11, valueInfo('token_type_ids', ONNX_INT64, ['batch_size', 'sequence_length'])),
    bytesField(12, valueInfo('last_hidden_state', ONNX_FLOAT, ['batch_size', 'sequence_length', TINY_DIM])),
  ]);
  return message([
    varintField(1, 8), // ir_version
    stringField(2, 'deja-tests'), // producer_name
    bytesField(7, graph), // graph
    bytesField(8, message([stringField(1, ''), varintField(2, 13)])), // opset_import: ai.onnx 13
  ]);
}

function valueInfo(name: string, elemType: number, dims: readonly (string | number)[]): Uint8Array {
  const shape = message(
    dims.map((dim) =>
      bytesField(1, message([typeof dim === 'number' ? varintField(1, dim) : stringField(2, dim)])),
    ),
  );
  const tensorType = message([varintField(1, elemType), bytesField(2, shape)]);
  return message([stringField(1, name), bytesField(2, message([bytesField(1, tensorType)]))]);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field << 3), ...varint(value)]);
}

function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  return message([Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
}

function stringField(field: number, text: string): Uint8Array {
  return bytesField(field, new TextEncoder().encode(text));
}

function message(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
