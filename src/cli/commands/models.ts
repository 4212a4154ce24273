import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { AppDeps } from '../../app/deps.js';
import { EmbeddingJob, type EmbeddingProgress } from '../../app/search/embed-documents.js';
import { UserError } from '../../core/errors.js';
import { createEmbedder } from '../../embedders/create-embedder.js';
import { DEFAULT_LOCAL_MODEL, type Embedder, type EmbedderConfig } from '../../embedders/embedder.js';
import { missingModelFiles, pullModel } from '../../embedders/local-transformers.js';
import { printError, printResult, style } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerModels(program: Command) {
  const models = program
    .command('models')
    .description('embedding models for semantic search: download, status, embed now');

  models
    .command('pull')
    .description('download a sentence-embedding model once, for the local embedder (needs network access)')
    .option('--model <name>', 'model on the Hugging Face hub (transformers.js export)', DEFAULT_LOCAL_MODEL)
    .option('--dir <folder>', 'where to put it (default: <DEJA_HOME>/models/<model name>)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const model: string = options.model;
        const dir = resolve(options.dir ?? join(deps.config.home, 'models', modelName(model)));
        process.stderr.write(`Downloading ${model} into ${dir} ...\n`);
        let result: Awaited<ReturnType<typeof pullModel>>;
        try {
          result = await pullModel(dir, model, { onProgress: downloadProgress() });
        } catch (error) {
          throw new UserError(null, messageOf(error));
        }
        const config: EmbedderConfig = {
          provider: 'local',
          modelDir: result.dir,
          // The model name is the vector space's id; say it when the folder is not named after it.
          ...(basename(result.dir) === modelName(model) ? {} : { model }),
        };
        const enabled = sameEmbedder(configuredEmbedder(deps), config);
        const lines = [
          result.downloaded
            ? `Downloaded ${model} to ${result.dir}`
            : `${result.dir} already holds the model.`,
          enabled
            ? 'It is the configured embedder; documents are embedded in the background by the server, or now with `deja models embed`.'
            : `To use it, add this to ${configFile(deps.config.home)}:\n\n${configSnippet(deps.config.home, config)}\nor set DEJA_EMBEDDER=local DEJA_EMBEDDER_DIR=${shellQuote(result.dir)}${
                'model' in config ? ` DEJA_EMBEDDER_MODEL=${shellQuote(model)}` : ''
              }`,
        ];
        printResult(
          options.json,
          { model, dir: result.dir, downloaded: result.downloaded, enabled, config: { embedder: config } },
          lines.join('\n'),
        );
        return 0;
      }),
    );

  models
    .command('status')
    .description('the configured embedder and how many documents have vectors from it')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const config = configuredEmbedder(deps);
        const embedder = createEmbedder(config);
        if (embedder === null) {
          await deps.store.indexPending();
          const total = await deps.store.indexSize();
          printResult(
            options.json,
            { embedder: { provider: 'none' }, progress: null, documents: total },
            `Embedder: none (lexical search only). ${total} documents indexed.\nRun \`deja models pull\` for a local model, or configure an OpenAI-compatible endpoint, to add semantic search.`,
          );
          return 0;
        }
        const progress = await new EmbeddingJob(deps, embedder).progress();
        const modelDir = config.provider === 'local' ? resolve(config.modelDir) : null;
        const missing = modelDir === null ? [] : missingModelFiles(modelDir);
        const structured = {
          embedder: describe(config, embedder),
          progress: { embedded: progress.embedded, total: progress.total },
          ...(modelDir === null ? {} : { modelMissingFiles: missing }),
        };
        const lines = [
          `Embedder: ${embedder.id} (${where(config)})${embedder.dimensions ? `, ${embedder.dimensions} dimensions` : ''}`,
          `Vectors: ${progress.embedded}/${progress.total} documents (${percent(progress)})`,
          ...(missing.length > 0
            ? [
                style.yellow(
                  `The model folder lacks ${missing.join(', ')}: run \`deja models pull --dir ${shellQuote(modelDir ?? '')}\`.`,
                ),
              ]
            : []),
          ...(progress.embedded < progress.total && missing.length === 0
            ? ['The server embeds the rest in the background; `deja models embed` does it now.']
            : []),
        ];
        printResult(options.json, structured, lines.join('\n'));
        return 0;
      }),
    );

  models
    .command('embed')
    .description('embed every document that has no vector from the configured embedder yet (foreground)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const config = configuredEmbedder(deps);
        const embedder = createEmbedder(config);
        if (embedder === null) {
          throw new UserError(
            null,
            'no embedder is configured (embedder "none": lexical search only)',
            `Set [embedder] in ${configFile(deps.config.home)} (provider "local" with modelDir, or "openai" with baseUrl and model), or DEJA_EMBEDDER; \`deja models pull\` downloads a local model`,
          );
        }
        const job = new EmbeddingJob(deps, embedder);
        const line = progressLine(embedder.id);
        let embedded: number;
        try {
          embedded = await job.runOnce(line.update);
        } catch (error) {
          line.end();
          const progress = await job.progress().catch(() => null);
          const done = progress ? ` ${progress.embedded}/${progress.total} documents have vectors;` : '';
          printError(`embedding stopped: ${messageOf(error)}.${done} run it again to continue.`);
          return 1;
        }
        line.end();
        const progress = await job.progress();
        if (progress.lastError) process.stderr.write(`${style.yellow('warning')}: ${progress.lastError}\n`);
        printResult(
          options.json,
          {
            embedder: embedder.id,
            embedded,
            progress: { embedded: progress.embedded, total: progress.total },
            lastError: progress.lastError,
          },
          `Embedded ${embedded} documents with ${embedder.id}; ${progress.embedded}/${progress.total} have vectors.`,
        );
        return 0;
      }),
    );
}

/** The configured embedder; a configuration without the section means none. */
function configuredEmbedder(deps: AppDeps): EmbedderConfig {
  const config: EmbedderConfig | undefined = deps.config.embedder;
  return config ?? { provider: 'none' };
}

function sameEmbedder(a: EmbedderConfig, b: EmbedderConfig): boolean {
  if (a.provider !== 'local' || b.provider !== 'local') return false;
  return resolve(a.modelDir) === resolve(b.modelDir);
}

/** What the configuration names, never the API key (nor a password in the URL). */
function describe(config: EmbedderConfig, embedder: Embedder): Record<string, unknown> {
  const base = { provider: config.provider, id: embedder.id, dimensions: embedder.dimensions || null };
  if (config.provider === 'local') return { ...base, modelDir: resolve(config.modelDir) };
  if (config.provider === 'openai') return { ...base, baseUrl: safeUrl(config.baseUrl), model: config.model };
  return base;
}

function where(config: EmbedderConfig): string {
  if (config.provider === 'local') return `local model in ${resolve(config.modelDir)}`;
  if (config.provider === 'openai') return safeUrl(config.baseUrl);
  return 'none';
}

function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** "Xenova/all-MiniLM-L6-v2" → "all-MiniLM-L6-v2". */
function modelName(model: string): string {
  return model.split('/').filter(Boolean).pop() ?? model;
}

function configFile(home: string): string {
  const json = join(home, 'config.json');
  return existsSync(json) && !existsSync(join(home, 'config.toml')) ? json : join(home, 'config.toml');
}

function configSnippet(home: string, config: EmbedderConfig): string {
  if (configFile(home).endsWith('.json')) return `${JSON.stringify({ embedder: config }, null, 2)}\n`;
  // A JSON string is a valid TOML basic string (same escapes).
  const lines = Object.entries(config).map(([key, value]) => `${key} = ${JSON.stringify(value)}`);
  return `[embedder]\n${lines.join('\n')}\n`;
}

function shellQuote(value: string): string {
  return /^[\w./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function percent(progress: Pick<EmbeddingProgress, 'embedded' | 'total'>): string {
  return progress.total === 0 ? '100%' : `${Math.floor((progress.embedded / progress.total) * 100)}%`;
}

/** One progress line on stderr: rewritten in place on a terminal, a line per 10% otherwise. */
function progressLine(embedderId: string) {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  let lastStep = -1;
  return {
    update: (progress: EmbeddingProgress) => {
      const text = `Embedding with ${embedderId}: ${progress.embedded}/${progress.total} (${percent(progress)})`;
      if (tty) {
        process.stderr.write(`\r${text}\u001b[K`);
        shown = true;
        return;
      }
      const step = progress.total === 0 ? 10 : Math.floor((progress.embedded / progress.total) * 10);
      if (step !== lastStep) {
        lastStep = step;
        process.stderr.write(`${text}\n`);
      }
    },
    end: () => {
      if (tty && shown) process.stderr.write('\n');
      shown = false;
    },
  };
}

/** Download progress of transformers.js on stderr: per file, in place on a terminal. */
function downloadProgress(): (event: Record<string, unknown>) => void {
  const tty = process.stderr.isTTY === true;
  const started = new Set<string>();
  return (event) => {
    const file = typeof event.file === 'string' ? event.file : null;
    if (file === null) return;
    switch (event.status) {
      case 'initiate':
      case 'download':
        if (!started.has(file)) {
          started.add(file);
          if (!tty) process.stderr.write(`  ${file} ...\n`);
        }
        return;
      case 'progress': {
        if (!tty) return;
        const pct = typeof event.progress === 'number' ? `${Math.floor(event.progress)}%` : '';
        const size =
          typeof event.total === 'number' && event.total > 0 ? ` of ${megabytes(event.total)}` : '';
        process.stderr.write(`\r  ${file} ${pct}${size}\u001b[K`);
        return;
      }
      case 'done':
        process.stderr.write(tty ? `\r  ${file} done\u001b[K\n` : `  ${file} done\n`);
        return;
      default:
        return;
    }
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
