import type { AppDeps } from './app/deps.js';
import { EmbeddingJob } from './app/search/embed-documents.js';
import { LiveLexicalIndex } from './app/search/live-index.js';
import { LiveVectorIndex } from './app/search/live-vectors.js';
import { type ConfigSources, type DejaConfig, loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { installValidationMessages } from './core/validation.js';
import { createEmbedder } from './embedders/create-embedder.js';
import { gitCli } from './git/git-cli.js';
import { createLogger } from './logger.js';
import { openStore } from './store/open-store.js';

/** The composition root: real store, git, clock and logger for one process. */
export function createRuntime(
  sources: ConfigSources = {},
  config: DejaConfig = loadConfig(sources),
  options: { longLived?: boolean } = {},
): AppDeps {
  installValidationMessages();
  const logger = createLogger(config);
  const store = openStore({ home: config.home, databaseUrl: config.databaseUrl, ...options });
  const lexical = new LiveLexicalIndex(store);
  const deps: AppDeps = { store, clock: systemClock, git: gitCli, config, logger, lexical };
  if (!options.longLived) return deps;
  // The server loads its in-memory index in the background; searches use the store's index until then.
  void lexical
    .prepare()
    .catch((error: unknown) => logger.warn({ err: error }, 'in-memory search index failed'));
  // With an embedder, the server embeds every document in the background and fuses vector similarity into search.
  const embedder = createEmbedder(config.embedder);
  if (embedder) {
    deps.embedder = embedder;
    deps.vectors = new LiveVectorIndex(store, embedder.id);
    deps.embeddingJob = new EmbeddingJob(deps, embedder);
    deps.embeddingJob.start();
  }
  return deps;
}
