import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeGitRepo, tempHome } from '../../../test/support/git-repo.js';
import { connectInMemory, testDeps } from '../../../test/support/in-memory.js';
import type { EventRecord } from '../../core/types.js';
import { startSession } from '../sessions/start-session.js';
import { watchSessionFiles } from './watch-files.js';

const fileChanges = async (deps: ReturnType<typeof testDeps>, sessionId: string) =>
  (await deps.store.queryEvents({ sessionId, limit: 100 })).filter(
    (event: EventRecord) => event.type === 'file_change',
  );

describe('the optional file watcher', () => {
  let deps: ReturnType<typeof testDeps>;
  afterEach(() => deps.store.close());

  it('records the files that change in the session folder, leaving out what git ignores and dependency folders', async () => {
    deps = testDeps(tempHome());
    const repo = makeGitRepo();
    writeFileSync(join(repo, '.gitignore'), '*.log\n');
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const watch = watchSessionFiles(deps, { root: repo, sessionId: () => session.id, flushMs: 100 });
    await watch.ready;
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'parser.ts'), 'export const x = 1;\n');
    writeFileSync(join(repo, 'debug.log'), 'noise\n');
    mkdirSync(join(repo, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(join(repo, 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;\n');
    rmSync(join(repo, 'tsconfig.json'));
    await vi.waitFor(
      async () => {
        const files = (await fileChanges(deps, session.id)).flatMap((event) => event.data.files as string[]);
        expect(files).toEqual(expect.arrayContaining(['src/parser.ts', 'tsconfig.json']));
      },
      { timeout: 10_000, interval: 100 },
    );
    await watch.stop();
    const events = await fileChanges(deps, session.id);
    const files = events.flatMap((event) => event.data.files as string[]);
    expect(files.some((file) => file.endsWith('.log') || file.startsWith('node_modules'))).toBe(false);
    const changes = Object.assign({}, ...events.map((event) => event.data.changes as Record<string, string>));
    expect(changes).toMatchObject({ 'src/parser.ts': 'added', 'tsconfig.json': 'deleted' });
  });

  it('is on for an MCP connection only when session.watchFiles is set, and its files reach the hand-off', async () => {
    deps = testDeps(tempHome());
    deps.config = { ...deps.config, session: { ...deps.config.session, watchFiles: true } };
    const repo = makeGitRepo();
    const { built, lifecycle, client } = await connectInMemory(deps, repo);
    await vi.waitFor(() => expect(built.connection.sessionId).not.toBeNull());
    await built.connection.ready;
    const sessionId = built.connection.sessionId ?? '';
    // Written again on every try: the watcher may still be taking its first look at the tree.
    await vi.waitFor(
      async () => {
        writeFileSync(join(repo, 'notes.md'), `# notes ${Date.now()}\n`);
        expect((await fileChanges(deps, sessionId)).length).toBeGreaterThan(0);
      },
      { timeout: 15_000, interval: 300 },
    );
    await lifecycle.close('disconnect');
    const handoff = await deps.store.getHandoffBySession(sessionId);
    expect(handoff?.content).toContain('## Files touched\n- notes.md');
    await client.close();
  });
});
