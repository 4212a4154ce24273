import type { DejaConfig } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { Git } from '../git/port.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/port.js';

/** Everything a use case may touch, passed in by the face that calls it. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  git: Git;
  config: DejaConfig;
  logger: Logger;
}
