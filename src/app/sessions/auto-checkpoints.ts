import type { AppDeps } from '../deps.js';
import { checkpointSession, hasActivitySinceCheckpoint } from './checkpoint-session.js';

export interface AutoCheckpoints {
  /** One round: checkpoint the current session if it was active since its last checkpoint. */
  tick(): Promise<boolean>;
  stop(): void;
}

/**
 * Takes an automatic checkpoint every `checkpointIntervalMinutes` while the
 * connection's session is active. The timer never keeps the process alive.
 */
export function scheduleAutoCheckpoints(
  deps: AppDeps,
  currentSessionId: () => string | null,
): AutoCheckpoints {
  let running = false;
  const tick = async (): Promise<boolean> => {
    const id = currentSessionId();
    if (!id || running) return false;
    running = true;
    try {
      const session = await deps.store.getSession(id);
      if (session?.status !== 'active') return false;
      if (!(await hasActivitySinceCheckpoint(deps, session))) return false;
      await checkpointSession(deps, session, {}, 'auto');
      return true;
    } catch (error) {
      deps.logger.warn({ err: error, session: id }, 'automatic checkpoint failed');
      return false;
    } finally {
      running = false;
    }
  };
  const minutes = deps.config.session.checkpointIntervalMinutes;
  const timer = minutes > 0 ? setInterval(() => void tick(), minutes * 60_000) : null;
  timer?.unref();
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
