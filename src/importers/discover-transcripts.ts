import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { AssistantFolders } from '../user-home.js';
import { sniffTranscriptSource } from './sniff-transcript.js';
import type { TranscriptSource } from './transcript-types.js';

export interface DiscoveredTranscript {
  path: string;
  source: TranscriptSource;
}

export interface DiscoverTranscriptsOptions {
  /** Home folder holding `.claude/` and `.codex/`. */
  userHome: string;
  /** The assistants' folders when they are not `<userHome>/.claude` and `.codex` (CLAUDE_CONFIG_DIR, CODEX_HOME). */
  folders?: Pick<AssistantFolders, 'claude' | 'codex'>;
  /** Only this assistant's transcripts. */
  source?: TranscriptSource;
  /** A file or folder to import instead of the default locations. */
  path?: string;
}

export interface DiscoverTranscriptsResult {
  /** Sorted by path; each real file appears once. */
  files: DiscoveredTranscript[];
  /** Skipped symlinks, unreadable folders, unrecognised files. */
  warnings: string[];
}

/** Folders nested deeper than this under a root are not walked (a guard, not a real limit). */
const MAX_DEPTH = 32;

type Folders = Pick<AssistantFolders, 'claude' | 'codex'>;

interface Found {
  path: string;
  real: string;
}

/**
 * Finds transcript files.
 *
 * Default locations: Claude Code `<home>/.claude/projects/**\/*.jsonl` (sub-agent
 * files `<session>/subagents/agent-*.jsonl` included), Codex
 * `<home>/.codex/sessions/**\/rollout-*.jsonl` and
 * `<home>/.codex/archived_sessions/**\/rollout-*.jsonl`.
 * With `path`, that file or folder (every `*.jsonl` below it) instead, each
 * file's source told by its location or its first line.
 *
 * Symlinks are followed only while their real path stays inside the root
 * being walked; others are skipped with a warning. Folders are visited once
 * by real path, so symlink loops end; each real file is listed once.
 */
export async function discoverTranscripts(
  options: DiscoverTranscriptsOptions,
): Promise<DiscoverTranscriptsResult> {
  const warnings: string[] = [];
  const folders = options.folders ?? {
    claude: join(options.userHome, '.claude'),
    codex: join(options.userHome, '.codex'),
  };
  const files = options.path
    ? await discoverPath(resolve(options.path), options.source, warnings, folders)
    : await discoverDefault(folders, options.source, warnings);
  return { files: uniqueSorted(files), warnings };
}

async function discoverDefault(
  folders: Folders,
  source: TranscriptSource | undefined,
  warnings: string[],
): Promise<(DiscoveredTranscript & Found)[]> {
  const found: (DiscoveredTranscript & Found)[] = [];
  if (source === undefined || source === 'claude-code') {
    const root = join(folders.claude, 'projects');
    for (const file of await walk(root, (name) => name.endsWith('.jsonl'), warnings)) {
      found.push({ ...file, source: 'claude-code' });
    }
  }
  if (source === undefined || source === 'codex') {
    const isRollout = (name: string) => name.startsWith('rollout-') && name.endsWith('.jsonl');
    for (const folder of ['sessions', 'archived_sessions']) {
      for (const file of await walk(join(folders.codex, folder), isRollout, warnings)) {
        found.push({ ...file, source: 'codex' });
      }
    }
  }
  return found;
}

async function discoverPath(
  path: string,
  source: TranscriptSource | undefined,
  warnings: string[],
  folders: Folders,
): Promise<(DiscoveredTranscript & Found)[]> {
  let candidates: Found[];
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      candidates = await walk(path, (name) => name.endsWith('.jsonl'), warnings);
    } else if (info.isFile()) {
      candidates = [{ path, real: await realpath(path) }];
    } else {
      warnings.push(`${path}: not a file or folder`);
      return [];
    }
  } catch (error) {
    warnings.push(`${path}: cannot be read (${errorCode(error)})`);
    return [];
  }

  const found: (DiscoveredTranscript & Found)[] = [];
  for (const candidate of candidates) {
    const detected = await detectSource(candidate.path, folders);
    if (detected === null) {
      if (source !== undefined) found.push({ ...candidate, source });
      else warnings.push(`${candidate.path}: not recognised as a Claude Code or Codex transcript`);
    } else if (source === undefined || detected === source) {
      found.push({ ...candidate, source: detected });
    }
  }
  return found;
}

/** By location first (works for empty files still being written), then by the first line, then by name. */
async function detectSource(path: string, folders: Folders): Promise<TranscriptSource | null> {
  const normalised = path.split(sep).join('/');
  const inside = (folder: string) => path.startsWith(folder + sep);
  if (normalised.includes('/.claude/projects/') || inside(join(folders.claude, 'projects')))
    return 'claude-code';
  if (
    /\/\.codex\/(archived_)?sessions\//.test(normalised) ||
    inside(join(folders.codex, 'sessions')) ||
    inside(join(folders.codex, 'archived_sessions'))
  ) {
    return 'codex';
  }
  const sniffed = await sniffTranscriptSource(path);
  if (sniffed !== null) return sniffed;
  const name = basename(path);
  if (name.startsWith('rollout-') && name.endsWith('.jsonl')) return 'codex';
  return null;
}

/**
 * Every file under `root` whose name passes `accept`. A missing root gives
 * nothing (the assistant is not installed); symlinks leaving the root are
 * skipped with a warning.
 */
async function walk(root: string, accept: (name: string) => boolean, warnings: string[]): Promise<Found[]> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') warnings.push(`${root}: cannot be read (${errorCode(error)})`);
    return [];
  }
  try {
    if (!(await stat(realRoot)).isDirectory()) {
      warnings.push(`${root}: not a folder`);
      return [];
    }
  } catch (error) {
    warnings.push(`${root}: cannot be read (${errorCode(error)})`);
    return [];
  }

  const found: Found[] = [];
  const visited = new Set<string>([realRoot]);
  const stack: { path: string; real: string; depth: number }[] = [{ path: root, real: realRoot, depth: 0 }];

  while (stack.length > 0) {
    const dir = stack.pop();
    if (!dir) break;
    let entries: Dirent[];
    try {
      entries = await readdir(dir.path, { withFileTypes: true });
    } catch (error) {
      warnings.push(`${dir.path}: cannot be read (${errorCode(error)})`);
      continue;
    }
    for (const entry of entries) {
      const path = join(dir.path, entry.name);
      let real = join(dir.real, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();

      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(path);
        } catch (error) {
          warnings.push(`skipped symlink ${path}: cannot be resolved (${errorCode(error)})`);
          continue;
        }
        if (!isInside(realRoot, real)) {
          warnings.push(`skipped symlink ${path}: points outside ${root} (to ${real})`);
          continue;
        }
        try {
          const target = await stat(real);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          warnings.push(`skipped symlink ${path}: cannot be read (${errorCode(error)})`);
          continue;
        }
      }

      if (isDir) {
        if (visited.has(real)) continue;
        if (dir.depth + 1 > MAX_DEPTH) {
          warnings.push(`${path}: nested more than ${MAX_DEPTH} folders deep, not searched`);
          continue;
        }
        visited.add(real);
        stack.push({ path, real, depth: dir.depth + 1 });
      } else if (isFile && accept(entry.name)) {
        found.push({ path, real });
      }
    }
  }
  return found;
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Sorted by path (plain code-unit order, locale-independent); a real file reached twice is kept once. */
function uniqueSorted(found: (DiscoveredTranscript & Found)[]): DiscoveredTranscript[] {
  const sorted = [...found].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  const files: DiscoveredTranscript[] = [];
  for (const file of sorted) {
    if (seen.has(file.real)) continue;
    seen.add(file.real);
    files.push({ path: file.path, source: file.source });
  }
  return files;
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
