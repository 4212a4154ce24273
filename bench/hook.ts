import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '../src/core/ids.js';
import type { EventCategory } from '../src/core/types.js';
import { gitCli } from '../src/git/git-cli.js';
import { detectProject } from '../src/project/detect-project.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { ms, summarise } from './stats.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/** What `deja install` puts in Claude Code's settings for the hooks. */
const HOOK_ENTRY = fileURLToPath(new URL('../dist/install/hook-entry.js', import.meta.url));

const WORDS =
  'cache retry index schema migration handler parser token session cursor query vector memory error timeout build deploy test lint config router'.split(
    ' ',
  );
const CATEGORIES: EventCategory[] = [
  'tool_call',
  'tool_response',
  'decision',
  'finding',
  'question',
  'phase',
  'custom',
];

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/**
 * Fills a store with `total` events over 100 ended sessions, each with a
 * hand-off, for one git project; written straight through the store.
 */
async function seed(total: number): Promise<{ repo: string; home: string }> {
  const repo = join(tempDir('deja-bench-hook-repo-'), 'hook-bench');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  writeFileSync(join(repo, 'package.json'), '{}\n');
  execFileSync(
    'git',
    ['-c', 'user.email=b@e', '-c', 'user.name=b', 'commit', '-q', '--allow-empty', '-m', 'init'],
    {
      cwd: repo,
    },
  );
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
  const base = Date.parse('2026-01-01T00:00:00Z');
  const sessions: string[] = [];
  for (let s = 0; s < 100; s++) {
    const at = new Date(base + s * 3_600_000).toISOString();
    const id = newId(new Date(base + s * 3_600_000));
    sessions.push(id);
    await store.insertSession({
      id,
      projectId: project.id,
      context: 'foreground',
      status: 'active',
      goal: `bench goal ${s}`,
      skill: null,
      type: null,
      model: null,
      estimateMinutes: null,
      branch: 'main',
      workdir: repo,
      clientName: 'bench',
      startedAt: at,
      lastActivityAt: at,
      endedAt: null,
      outcome: null,
      endReason: null,
      notes: null,
    });
  }
  let state = 11;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  for (let i = 0; i < total; i++) {
    const words = Array.from({ length: 8 }, () => WORDS[rand(WORDS.length)]).join(' ');
    const at = new Date(base + i * 3_600);
    const category = CATEGORIES[rand(CATEGORIES.length)] as EventCategory;
    await store.appendEvent({
      id: newId(at),
      sessionId: sessions[Math.floor((i / total) * sessions.length)] as string,
      projectId: project.id,
      category,
      type: category,
      data: { text: `${words} #${i}` },
      text: `${category}\n${words} #${i}`,
      createdAt: at.toISOString(),
    });
  }
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
