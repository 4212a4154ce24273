import { filesInEventData } from '../events/event-text.js';
import type { JsonObject } from '../types.js';

export interface FileTouch {
  path: string;
  count: number;
  lastAt: string;
}

/**
 * File paths in an imported tool call, whose content is `<tool name> <input as JSON>`
 * (the JSON may be cut short by the importer: then the file keys that are complete
 * before the cut still count).
 */
export function filesInToolCallContent(content: string): string[] {
  const space = content.indexOf(' ');
  if (space < 0) return [];
  const body = content.slice(space + 1).trim();
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return filesInEventData(parsed as JsonObject);
    }
    return [];
  } catch {
    return filesInTruncatedJson(body);
  }
}

const FILE_KEY = /"(file|path|file_path|filePath|filename|notebook_path)"\s*:\s*("(?:[^"\\\n]|\\.)*")/g;

/** Complete `"key": "value"` pairs of the usual file keys in JSON that was cut short. */
function filesInTruncatedJson(body: string): string[] {
  const found: string[] = [];
  for (const match of body.matchAll(FILE_KEY)) {
    try {
      const value = JSON.parse(match[2] as string) as string;
      if (value.length > 0 && value.length < 1024) found.push(value);
    } catch {
      // An escape cut in half: not a path we can trust.
    }
  }
  return found;
}

/** Shows a path relative to the project root when it lies inside it, so both spellings count as one file. */
export function projectRelativePath(path: string, root: string): string {
  const trimmed = path.trim();
  if (root.length > 1) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
  }
  return trimmed.startsWith('./') ? trimmed.slice(2) : trimmed;
}

/** Counts touches per file, keeping the latest time; most touched first, then most recent. */
export class FileTouchCounter {
  private readonly touches = new Map<string, FileTouch>();

  constructor(private readonly root: string) {}

  /** Adds the files of one activity; `at` in any ISO form (imported transcripts keep theirs). */
  add(paths: string[], when: string): void {
    const ms = Date.parse(when);
    const at = Number.isNaN(ms) ? when : new Date(ms).toISOString();
    for (const raw of new Set(paths)) {
      const path = projectRelativePath(raw, this.root);
      if (!path) continue;
      const touch = this.touches.get(path);
      if (!touch) this.touches.set(path, { path, count: 1, lastAt: at });
      else {
        touch.count++;
        if (at > touch.lastAt) touch.lastAt = at;
      }
    }
  }

  get size(): number {
    return this.touches.size;
  }

  top(limit: number): FileTouch[] {
    return [...this.touches.values()]
      .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.path.localeCompare(b.path))
      .slice(0, limit);
  }
}
