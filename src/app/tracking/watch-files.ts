import { relative, sep } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../events/record-event.js';

/**
 * Folders never watched: version control, dependencies, build output and
 * caches. They hold most of a tree's files and none of the work; skipping
 * them here keeps the watcher from descending into them at all (git's own
 * ignore rules are applied to what changes, see below).
 */
const SKIPPED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.deja',
  'node_modules',
  'bower_components',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.tox',
  'target',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.turbo',
  '.cache',
  'coverage',
]);

export interface FileWatchOptions {
  /** The folder to watch: the session's work tree. */
  root: string;
  /** The session the changes belong to now (null: none, changes are dropped). */
  sessionId: () => string | null;
  /** Changes are gathered this long and recorded as one event (default 3000 ms). */
  flushMs?: number;
}

export interface FileWatch {
  /** Resolves once the watcher is watching. */
  ready: Promise<void>;
  /** Records what is still pending and stops watching. */
  stop(): Promise<void>;
}

type Change = 'added' | 'changed' | 'deleted';

/**
 * The optional file watcher of activity tracking (PRODUCT.md §5,
 * `session.watchFiles`): files that change under the session's folder are
 * recorded as `custom`/`file_change` events, a batch every few seconds, so
 * activity and hand-offs list them even when the assistant's tool calls are
 * not recorded. Paths git ignores are left out.
 */
export function watchSessionFiles(deps: AppDeps, options: FileWatchOptions): FileWatch {
  const pending = new Map<string, Change>();
  const flushMs = options.flushMs ?? 3000;
  const watcher: FSWatcher = watch(options.root, {
    ignoreInitial: true,
    ignored: (path: string) =>
      relative(options.root, path)
        .split(sep)
        .some((part) => SKIPPED_FOLDERS.has(part)),
  });
  const note = (change: Change) => (path: string) => {
    const file = relative(options.root, path).split(sep).join('/');
    if (file && !file.startsWith('..')) pending.set(file, change);
  };
  watcher.on('add', note('added')).on('change', note('changed')).on('unlink', note('deleted'));
  watcher.on('error', (error) => deps.logger.warn({ err: error }, 'file watcher error'));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing
      .then(() => recordPending(deps, options, pending))
      .catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'recording file changes failed');
      });
    return flushing;
  };
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();
  return {
    ready,
    async stop() {
      clearInterval(timer);
      await watcher.close();
      await flush();
    },
  };
}

async function recordPending(
  deps: AppDeps,
  options: FileWatchOptions,
  pending: Map<string, Change>,
): Promise<void> {
  if (pending.size === 0) return;
  const batch = new Map(pending);
  pending.clear();
  const id = options.sessionId();
  const session = id ? await deps.store.getSession(id) : null;
  if (session?.status !== 'active') return;
  const ignored = await deps.git.ignored(options.root, [...batch.keys()]).catch(() => new Set<string>());
  const files = [...batch.keys()].filter((file) => !ignored.has(file)).sort();
  if (files.length === 0) return;
  await recordEvent(deps, session, {
    category: 'custom',
    type: 'file_change',
    data: { files, changes: Object.fromEntries(files.map((file) => [file, batch.get(file) ?? 'changed'])) },
  });
}
