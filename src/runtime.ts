import type { AppDeps } from './app/deps.js';
import { GraphQueue } from './app/graph/graph-queue.js';
import { EmbeddingJob } from './app/search/embed-documents.js';
import { LiveLexicalIndex } from './app/search/live-index.js';
import { LiveVectorIndex } from './app/search/live-vectors.js';
import { type ConfigSources, type DejaConfig, loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { installValidationMessages } from './core/validation.js';
import { createEmbedder } from './embedders/create-embedder.js';
import { gitCli } from './git/git-cli.js';
import { createLlm } from './llm/create-llm.js';
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
  deps.llm = createLlm(config.llm);
  if (!options.longLived) return deps;
  deps.graphQueue = new GraphQueue(deps);
  // The in-memory index loads from the first search on (in the background for large stores; searches
  // use the store's full-text index until it is ready), so sessions that never search never pay for it.
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
