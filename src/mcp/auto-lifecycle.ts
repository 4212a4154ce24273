import { statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps } from '../app/deps.js';
import { scheduleAutoCheckpoints } from '../app/sessions/auto-checkpoints.js';
import { finishSession } from '../app/sessions/finish-session.js';
import { startSession } from '../app/sessions/start-session.js';
import type { FileWatch } from '../app/tracking/watch-files.js';
import type { EndReason } from '../core/types.js';
import type { BuiltServer } from './server.js';

export interface Lifecycle {
  /** Ends the connection's session with a hand-off (outcome `partial`), if it is still open. */
  close(reason: EndReason): Promise<void>;
}

/**
 * The automatic lifecycle: when a client finishes initialising inside a git
 * repository it gets a session; automatic checkpoints run while it is active;
 * when the transport closes the session ends as `partial` with a hand-off.
 */
export function attachAutoLifecycle(deps: AppDeps, built: BuiltServer): Lifecycle {
  const { server, connection } = built;
  const checkpoints = scheduleAutoCheckpoints(deps, () => connection.sessionId);
  let files: FileWatch | null = null;
  let closing: Promise<void> | null = null;

  server.server.oninitialized = () => {
    connection.clientName = server.server.getClientVersion()?.name ?? null;
    connection.ready = (async () => {
      const root = await workspaceRoot(built, connection.cwd).catch((error: unknown) => {
        deps.logger.debug({ err: error }, 'the client did not list its roots');
        return null;
      });
      if (root) connection.cwd = root;
      if (!deps.config.session.autoStart) return;
      const repo = await deps.git.repository(connection.cwd);
      if (!repo || connection.sessionId) return;
      const result = await startSession(
        deps,
        {},
        {
          context: 'foreground',
          cwd: connection.cwd,
          clientName: connection.clientName,
          currentSessionId: connection.sessionId,
        },
      );
      connection.sessionId ??= result.session.id;
      if (deps.config.session.watchFiles && !files) {
        // Loaded only when on: the watcher library is not part of every server start.
        const { watchSessionFiles } = await import('../app/tracking/watch-files.js');
        files = watchSessionFiles(deps, { root: repo.workTree, sessionId: () => connection.sessionId });
      }
    })().catch((error) => deps.logger.warn({ err: error }, 'automatic session start failed'));
  };

  const close = (reason: EndReason): Promise<void> => {
    closing ??= endOnce(reason);
    return closing;
  };

  const endOnce = async (reason: EndReason) => {
    checkpoints.stop();
    await connection.ready;
    // The last changes land before the hand-off lists the files touched.
    await files
      ?.stop()
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'file watcher stop failed'));
    files = null;
    const id = connection.sessionId;
    if (!id) return;
    const session = await deps.store.getSession(id);
    if (session?.status !== 'active') return;
    const why = reason === 'disconnect' ? 'the client disconnected' : 'the server shut down';
    await finishSession(deps, session, {
      outcome: 'partial',
      notes: `Closed automatically: ${why} without session_end.`,
      reason,
    });
    connection.sessionId = null;
  };

  server.server.onclose = () => {
    void close('disconnect').catch((error) =>
      deps.logger.error({ err: error }, 'closing the session failed'),
    );
  };
  return { close };
}

/** How long the server waits for the client's roots before going on with its working folder. */
const ROOTS_TIMEOUT_MS = 2000;

/**
 * The folder the client works in, from its MCP roots: clients that start one
 * server for every workspace (VS Code, Cursor at user scope) launch it from
 * elsewhere and name the workspace as a root. The working folder stays when it
 * lies inside a root (a client started in a subfolder) or the client lists none.
 */
async function workspaceRoot(built: BuiltServer, cwd: string): Promise<string | null> {
  const server = built.server.server;
  if (!server.getClientCapabilities()?.roots) return null;
  const { roots } = await server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
  const folders = roots
    .filter((root) => root.uri.startsWith('file:'))
    .map((root) => fileURLToPath(root.uri))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true);
  const inside = (folder: string) =>
    cwd === folder || cwd.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
  if (folders.length === 0 || folders.some(inside)) return null;
  return folders[0] ?? null;
}
