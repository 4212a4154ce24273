import { open } from 'node:fs/promises';
import { isRecord, parseJsonObjectLine } from './json-line.js';
import type { TranscriptSource } from './transcript-types.js';

/** How much of a file is read to find its first line. Claude Code first lines can be long user messages. */
const SNIFF_MAX_BYTES = 1024 * 1024;

/**
 * Which assistant wrote a JSONL file, judged by its first non-empty line:
 * - Codex: a `{timestamp, type, payload}` envelope, or the legacy first line `{id, timestamp}`
 *   (no `type`).
 * - Claude Code: a line with `sessionId` or `uuid`, or a `summary` / `file-history-snapshot` line
 *   (either may come first).
 * Null when the file is empty, unreadable or looks like neither.
 */
export async function sniffTranscriptSource(path: string): Promise<TranscriptSource | null> {
  const line = await readFirstLine(path);
  if (line === null) return null;
  return classifyFirstLine(line);
}

export function classifyFirstLine(line: string): TranscriptSource | null {
  const parsed = parseJsonObjectLine(line);
  if (!parsed.ok) return null;
  const obj = parsed.value;
  const type = obj.type;
  if (typeof type === 'string' && isRecord(obj.payload) && typeof obj.timestamp === 'string') return 'codex';
  if (typeof obj.sessionId === 'string' || typeof obj.uuid === 'string') return 'claude-code';
  if (type === 'summary' || type === 'file-history-snapshot') return 'claude-code';
  if (type === undefined && typeof obj.id === 'string' && typeof obj.timestamp === 'string') return 'codex';
  return null;
}

async function readFirstLine(path: string): Promise<string | null> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    let pending = Buffer.alloc(0);
    let position = 0;
    while (position < SNIFF_MAX_BYTES) {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      pending = Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
      let start = 0;
      for (let newline = pending.indexOf(0x0a); newline !== -1; newline = pending.indexOf(0x0a, start)) {
        const text = pending.subarray(start, newline).toString('utf8').trim();
        if (text !== '') return text;
        start = newline + 1;
      }
      pending = pending.subarray(start);
    }
    // No newline yet (a file being written, or one long first line): try what there is.
    const text = pending.toString('utf8').trim();
    return text === '' ? null : text;
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
