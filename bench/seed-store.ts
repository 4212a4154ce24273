import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../src/core/ids.js';
import type { EventCategory, ExecutionContext, Session } from '../src/core/types.js';
import type { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

/** Shared set-up of the benchmarks: temporary folders, a git project, a store full of events. */

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** A git repository with one empty commit (a project identity) in a new temporary folder. */
export function gitRepo(name: string): string {
  const root = join(tempDir(`deja-bench-${name}-`), name);
  mkdirSync(root);
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  writeFileSync(join(root, 'package.json'), '{}\n');
  execFileSync(
    'git',
    ['-c', 'user.email=b@e', '-c', 'user.name=b', 'commit', '-q', '--allow-empty', '-m', 'init'],
    { cwd: root },
  );
  return root;
}

export const WORDS =
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

export interface SeedOptions {
  projectId: string;
  workdir: string;
  total: number;
  sessions: number;
  context: ExecutionContext;
  status: Session['status'];
  /** Milliseconds between consecutive events. */
  spacingMs: number;
  seed: number;
}

/**
 * Writes `total` events of eight random words over `sessions` sessions, one
 * hour apart from 2026-01-01, straight through the store (the path
 * session_record takes, without the protocol). Returns the session ids and the
 * random source, so callers can go on with the same sequence.
 */
export async function seedEvents(store: SqliteStore, options: SeedOptions) {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const sessions: string[] = [];
  for (let s = 0; s < options.sessions; s++) {
    const at = new Date(base + s * 3_600_000).toISOString();
    const id = newId(new Date(at));
    sessions.push(id);
    await store.insertSession({
      id,
      projectId: options.projectId,
      context: options.context,
      status: options.status,
      goal: `bench goal ${s}`,
      skill: null,
      type: null,
      model: null,
      estimateMinutes: null,
      branch: 'main',
      workdir: options.workdir,
      clientName: 'bench',
      startedAt: at,
      lastActivityAt: at,
      endedAt: null,
      outcome: null,
      endReason: null,
      notes: null,
    });
  }
  let state = options.seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  for (let i = 0; i < options.total; i++) {
    const words = Array.from({ length: 8 }, () => WORDS[rand(WORDS.length)]).join(' ');
    const at = new Date(base + i * options.spacingMs);
    const category = CATEGORIES[rand(CATEGORIES.length)] as EventCategory;
    await store.appendEvent({
      id: newId(at),
      sessionId: sessions[Math.floor((i / options.total) * sessions.length)] as string,
      projectId: options.projectId,
      category,
      type: category,
      data: { text: `${words} #${i}` },
      text: `${category}\n${words} #${i}`,
      createdAt: at.toISOString(),
    });
  }
  return { sessions, base, rand };
}
