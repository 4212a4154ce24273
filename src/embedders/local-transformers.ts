/**
 * Local embedder: a sentence-embedding ONNX model (all-MiniLM-L6-v2 by default) run on
 * the CPU through transformers.js, loaded from a model folder on disk. Nothing is ever
 * downloaded here (`allowRemoteModels = false`); `pullModel` is the one place that
 * downloads, for `deja models pull`.
 *
 * `@huggingface/transformers` is an optional dependency and is imported lazily, on the
 * first `embed`, so the rest of deja never loads it (or onnxruntime) and works without it.
 * Its types are not imported either: the few members used are declared below, so deja
 * also type-checks and builds when optional dependencies were not installed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_LOCAL_MODEL, type Embedder, type LocalEmbedderConfig } from './embedder.js';
import { normalize } from './vectors.js';

export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

/** What a model folder must hold (transformers.js layout, fp32 weights). */
export const REQUIRED_MODEL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
] as const;

/** Texts per forward pass: bounds memory (the batch is padded to its longest text). */
const DEFAULT_BATCH_SIZE = 32;

const FIX_HINT =
  'Run `deja models pull` to download the model into it (needs network access once), or set the embedder to "none" (lexical search only)';

// ---- the parts of @huggingface/transformers this file uses -----------------

interface Tensor {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
  dispose?(): void;
}

type FeatureExtractor = ((
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<Tensor>) & { dispose?(): Promise<void> };

interface TransformersEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  useFSCache: boolean;
  cacheDir: string | null;
  remoteHost: string;
  logLevel: number;
}

interface TransformersModule {
  env: TransformersEnv;
  LogLevel?: { ERROR?: number };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options: Record<string, unknown>,
  ): Promise<FeatureExtractor>;
}

export interface LocalEmbedderOptions {
  /** Package to import; only tests change it (to one that is not installed). */
  packageName?: string;
  /** Texts per forward pass (default 32). */
  batchSize?: number;
}

// ---- the embedder -------------------------------------------------------------

export class LocalTransformersEmbedder implements Embedder {
  readonly id: string;
  readonly modelDir: string;
  readonly #packageName: string;
  readonly #batchSize: number;
  #dimensions: number;
  #extractor: Promise<FeatureExtractor> | null = null;

  constructor(config: LocalEmbedderConfig, options: LocalEmbedderOptions = {}) {
    this.modelDir = resolve(config.modelDir);
    this.#packageName = options.packageName ?? TRANSFORMERS_PACKAGE;
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#dimensions = readHiddenSize(this.modelDir);
    this.id = `local:${modelName(config.model ?? basename(this.modelDir))}`;
  }

  /** From the folder's config.json (`hidden_size`); 0 while the folder cannot be read. */
  get dimensions(): number {
    return this.#dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const extractor = await this.#load();
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.#batchSize) {
      const batch = texts.slice(start, start + this.#batchSize);
      let tensor: Tensor;
      try {
        tensor = await extractor(batch, { pooling: 'mean', normalize: true });
      } catch (error) {
        throw new Error(`Embedding with the local model in "${this.modelDir}" failed: ${messageOf(error)}`);
      }
      try {
        out.push(...this.#split(tensor, batch.length, start));
      } finally {
        tensor.dispose?.();
      }
    }
    return out;
  }

  /** Frees the ONNX session; the next `embed` loads the model again. */
  async dispose(): Promise<void> {
    const pending = this.#extractor;
    this.#extractor = null;
    const extractor = await pending?.catch(() => null);
    await extractor?.dispose?.();
  }

  #split(tensor: Tensor, count: number, offset: number): Float32Array[] {
    const [rows, width] = tensor.dims;
    if (tensor.dims.length !== 2 || rows !== count || width === undefined || width === 0) {
      throw new Error(
        `The local model in "${this.modelDir}" returned an output of shape [${tensor.dims.join(', ')}] for ${count} texts; expected [${count}, hidden_size]. Is it a sentence-embedding (feature-extraction) model?`,
      );
    }
    if (this.#dimensions !== 0 && width !== this.#dimensions) {
      throw new Error(
        `The local model in "${this.modelDir}" returned ${width}-dimensional vectors, but its config.json says hidden_size ${this.#dimensions}`,
      );
    }
    this.#dimensions = width;
    const vectors: Float32Array[] = [];
    for (let row = 0; row < count; row++) {
      const unit = normalize(rowOf(tensor.data, row * width, (row + 1) * width));
      if (unit === null) {
        throw new Error(
          `The local model in "${this.modelDir}" returned an all-zero or non-finite vector for input #${offset + row}`,
        );
      }
      vectors.push(unit);
    }
    return vectors;
  }

  #load(): Promise<FeatureExtractor> {
    if (this.#extractor === null) {
      const loading = this.#open();
      this.#extractor = loading;
      // A failed load is not cached: the user may pull the model and try again.
      loading.catch(() => {
        if (this.#extractor === loading) this.#extractor = null;
      });
    }
    return this.#extractor;
  }

  async #open(): Promise<FeatureExtractor> {
    const transformers = await importTransformers(this.#packageName);
    assertModelDir(this.modelDir);
    const { env } = transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    env.localModelPath = `${dirname(this.modelDir)}${sep}`;
    quiet(transformers);
    try {
      // An absolute path is not a hub model id, so transformers.js reads the folder itself.
      return await transformers.pipeline('feature-extraction', this.modelDir.split(sep).join('/'), {
        dtype: 'fp32',
        device: 'cpu',
        local_files_only: true,
      });
    } catch (error) {
      throw new Error(
        `Could not load the embedding model from "${this.modelDir}": ${messageOf(error)}. The folder must hold a transformers.js export (${REQUIRED_MODEL_FILES.join(', ')}). ${FIX_HINT}.`,
      );
    }
  }
}

function rowOf(data: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  if (data instanceof Float32Array || data instanceof Float64Array) return data.subarray(start, end);
  return Array.from({ length: end - start }, (_, i) => data[start + i] as number);
}

// ---- model folder -------------------------------------------------------------

/** Names of the required files missing from a model folder (all of them when it does not exist). */
export function missingModelFiles(modelDir: string): string[] {
  return REQUIRED_MODEL_FILES.filter((file) => !isFile(join(modelDir, file)));
}

function assertModelDir(modelDir: string): void {
  if (!existsSync(modelDir)) {
    throw new Error(`The local embedding model folder "${modelDir}" does not exist. ${FIX_HINT}.`);
  }
  if (!statSync(modelDir).isDirectory()) {
    throw new Error(`The local embedding model path "${modelDir}" is not a folder. ${FIX_HINT}.`);
  }
  const missing = missingModelFiles(modelDir);
  if (missing.length > 0) {
    throw new Error(
      `The local embedding model folder "${modelDir}" is incomplete: missing ${missing.join(', ')}. ${FIX_HINT}.`,
    );
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readHiddenSize(modelDir: string): number {
  try {
    const config: unknown = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
    if (typeof config !== 'object' || config === null) return 0;
    const { hidden_size: hidden, dim, d_model: dModel } = config as Record<string, unknown>;
    const size = hidden ?? dim ?? dModel;
    return typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : 0;
  } catch {
    return 0;
  }
}

/** "Xenova/all-MiniLM-L6-v2" → "all-MiniLM-L6-v2": the vector space, not where it was downloaded from. */
function modelName(model: string): string {
  return model.split('/').filter(Boolean).pop() ?? model;
}

// ---- the optional package -----------------------------------------------------

async function importTransformers(packageName: string): Promise<TransformersModule> {
  let loaded: unknown;
  try {
    loaded = await import(packageName);
  } catch (error) {
    const message = messageOf(error);
    if (isModuleNotFound(error)) {
      const which = message.includes(packageName) ? '' : ` (it is installed incompletely: ${message})`;
      throw new Error(
        `The local embedder needs the optional package ${packageName}, which is not installed${which}. Install it where deja is installed (\`npm install ${packageName}\`), then run \`deja models pull\`; or set the embedder to "none" (lexical search only).`,
      );
    }
    throw new Error(
      `Could not load ${packageName} (it or its ONNX runtime failed to start on this machine): ${message}. Reinstall it, or set the embedder to "none" (lexical search only).`,
    );
  }
  const module = loaded as Partial<TransformersModule>;
  if (typeof module.pipeline !== 'function' || typeof module.env !== 'object' || module.env === null) {
    throw new Error(`${packageName} loaded but has no pipeline()/env: an unsupported version?`);
  }
  return module as TransformersModule;
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return /cannot find (package|module)|failed to (load|resolve)/i.test(messageOf(error));
}

/** Library warnings would otherwise go through console (stdout is the MCP channel in stdio mode). */
function quiet(transformers: TransformersModule): void {
  transformers.env.logLevel = transformers.LogLevel?.ERROR ?? 40;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- deja models pull ---------------------------------------------------------

export interface PullModelOptions {
  /** Hub to download from (default: HF_ENDPOINT, else transformers.js's default, huggingface.co). */
  remoteHost?: string;
  /** Progress events from transformers.js (status, file, progress, loaded, total). */
  onProgress?: (event: Record<string, unknown>) => void;
  /** Package to import; only tests change it. */
  packageName?: string;
}

export interface PullModelResult {
  dir: string;
  /** False when the folder was already complete and nothing was fetched. */
  downloaded: boolean;
}

/**
 * Downloads a sentence-embedding model once into `targetDir` (transformers.js layout,
 * fp32 ONNX), loading it once to prove it works. Files are fetched into a staging folder
 * next to the target and moved into place only when complete. A complete folder is left
 * alone. This is the only function in deja that lets transformers.js use the network.
 */
export async function pullModel(
  targetDir: string,
  model: string = DEFAULT_LOCAL_MODEL,
  options: PullModelOptions = {},
): Promise<PullModelResult> {
  const dir = resolve(targetDir);
  if (missingModelFiles(dir).length === 0) return { dir, downloaded: false };
  if (existsSync(dir)) {
    // Never delete what is there: it may be a folder the user typed by mistake.
    if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) {
      throw new Error(
        `"${dir}" exists but is not a complete model folder (missing ${missingModelFiles(dir).join(', ')}). Remove it or choose another folder, then pull again.`,
      );
    }
    await rmdir(dir);
  }

  const transformers = await importTransformers(options.packageName ?? TRANSFORMERS_PACKAGE);
  const { env } = transformers;
  const saved = { ...env };
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
    env.useFSCache = true;
    // Everything fetched lands in the staging folder, never in the package's own cache.
    env.cacheDir = staging;
    const host = options.remoteHost ?? process.env.HF_ENDPOINT;
    if (host) env.remoteHost = host.endsWith('/') ? host : `${host}/`;
    quiet(transformers);
    let extractor: FeatureExtractor;
    try {
      extractor = await transformers.pipeline('feature-extraction', model, {
        dtype: 'fp32',
        device: 'cpu',
        cache_dir: staging,
        ...(options.onProgress ? { progress_callback: options.onProgress } : {}),
      });
    } catch (error) {
      throw new Error(`Could not download the model "${model}" from ${env.remoteHost}: ${messageOf(error)}`);
    }
    await extractor.dispose?.();
    const downloaded = join(staging, ...model.split('/'));
    const missing = missingModelFiles(downloaded);
    if (missing.length > 0) {
      throw new Error(
        `Downloaded "${model}" but it lacks ${missing.join(', ')}: not a sentence-embedding export?`,
      );
    }
    await mkdir(dirname(dir), { recursive: true });
    await rename(downloaded, dir);
    return { dir, downloaded: true };
  } finally {
    env.allowRemoteModels = saved.allowRemoteModels;
    env.allowLocalModels = saved.allowLocalModels;
    env.useFSCache = saved.useFSCache;
    env.cacheDir = saved.cacheDir;
    env.remoteHost = saved.remoteHost;
    await rm(staging, { recursive: true, force: true });
  }
}
