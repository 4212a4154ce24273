import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '../src/core/ids.js';
import { gitCli } from '../src/git/git-cli.js';
import { detectProject } from '../src/project/detect-project.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { gitRepo, seedEvents, tempDir, WORDS } from './seed-store.js';
import { ms, summarise } from './stats.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/** What `deja install` puts in Claude Code's settings for the hooks. */
const HOOK_ENTRY = fileURLToPath(new URL('../dist/install/hook-entry.js', import.meta.url));

/**
 * Fills a store with `total` events over 100 ended sessions, each with a
 * hand-off, for one git project; written straight through the store.
 */
async function seed(total: number): Promise<{ repo: string; home: string }> {
  const repo = gitRepo('hook-bench');
  const home = tempDir('deja-bench-hook-home-');
  const detected = await detectProject(repo, gitCli);
  const store = new SqliteStore({ path: join(home, 'deja.db') });
  const now = new Date().toISOString();
  const project = await store.upsertProject({
    id: 'prj_hookbench',
    identity: detected.identity,
    name: detected.name,
    rootPath: detected.rootPath,
    languages: detected.languages,
    packageManager: detected.packageManager,
    createdAt: now,
    updatedAt: now,
  });
  const { sessions, base, rand } = await seedEvents(store, {
    projectId: project.id,
    workdir: repo,
    total,
    sessions: 100,
    context: 'foreground',
    status: 'active',
    spacingMs: 3_600,
    seed: 11,
  });
  for (const [s, id] of sessions.entries()) {
    const endedAt = new Date(base + s * 3_600_000 + 3_000_000).toISOString();
    const content = `# Hand-off ${s}\n\n## Goal\nbench goal ${s}\n\n## Next steps\n${Array.from({ length: 40 }, () => WORDS[rand(WORDS.length)]).join(' ')}\n`;
    await store.endSession(
      id,
      { endedAt, outcome: 'success', endReason: 'explicit', notes: null },
      {
        id: newId(new Date(endedAt)),
        sessionId: id,
        projectId: project.id,
        content,
        path: join(home, `h${s}.md`),
        projectCopyPath: null,
        createdAt: endedAt,
      },
    );
  }
  await store.close();
  return { repo, home };
}

function timeRuns(args: string[], repo: string, runs: number): number[] {
  const input = JSON.stringify({
    session_id: 'bench',
    cwd: repo,
    hook_event_name: 'SessionStart',
    source: 'startup',
  });
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: repo,
      input,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    const elapsed = performance.now() - started;
    if (result.status !== 0 || !result.stdout.includes('additionalContext')) {
      throw new Error(`hook failed (${result.status}): ${result.stderr || result.stdout}`);
    }
    if (i >= 2) samples.push(elapsed); // two warm-up runs fill the OS file cache
  }
  return samples;
}

/**
 * `deja hook session-start` as Claude Code runs it (the command `deja install`
 * writes: node + dist/install/hook-entry.js), spawn to exit, against a store of
 * 100,000 events; the same through the full CLI (`deja hook`) for comparison.
 * Target: p95 ≤ 500 ms.
 */
export async function benchHookSessionStart(total = 100_000, runs = 40) {
  const { repo, home } = await seed(total);
  const installed = summarise(timeRuns([HOOK_ENTRY, '--home', home, 'session-start'], repo, runs));
  const cli = summarise(
    timeRuns([CLI, '--home', home, 'hook', 'session-start'], repo, Math.max(5, Math.floor(runs / 4))),
  );
  return {
    name: `deja hook session-start (installed command), ${total.toLocaleString('en')} events`,
    ...installed,
    cli,
    line:
      `p50 ${ms(installed.p50)}, p95 ${ms(installed.p95)} (${installed.n} runs, spawn to exit); ` +
      `through the full CLI: p50 ${ms(cli.p50)}, p95 ${ms(cli.p95)} (${cli.n} runs)`,
  };
}
