import type { AppDeps } from './app/deps.js';
import { type ConfigSources, type DejaConfig, loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { installValidationMessages } from './core/validation.js';
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
  return { store, clock: systemClock, git: gitCli, config, logger };
}
