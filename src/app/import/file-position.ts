import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import type { JsonObject } from '../../core/types.js';
import type { TranscriptFileState } from '../../store/transcript-port.js';

/** Bytes at the start of a transcript whose hash tells a rewritten file from an appended one. */
export const HEAD_BYTES = 4096;

export interface FileSnapshot {
  identity: string;
  size: number;
  mtimeMs: number;
}

export async function snapshotFile(path: string): Promise<FileSnapshot> {
  const info = await stat(path);
  return { identity: `${info.dev}:${info.ino}`, size: info.size, mtimeMs: info.mtimeMs };
}

/** SHA-256 of the first `bytes` bytes of a file (fewer if it is shorter). */
export async function headHash(path: string, bytes: number): Promise<{ hash: string; bytes: number }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return {
      hash: createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex'),
      bytes: bytesRead,
    };
  } finally {
    await handle.close();
  }
}

export interface ResumePoint {
  offset: number;
  lineNumber: number;
  parserState: JsonObject | undefined;
  /** Why the file is read from the start again, when it was imported before. */
  restart: string | null;
}

/**
 * Where to continue reading a transcript: after the last complete line read
 * before, unless the file is another one now (new inode), shrank, or its
 * first bytes changed — then from the start (re-import adds nothing twice,
 * since every stored message has a stable source reference).
 */
export async function resumePoint(
  path: string,
  previous: TranscriptFileState | null,
  now: FileSnapshot,
): Promise<ResumePoint> {
  const fromStart = (restart: string | null): ResumePoint => ({
    offset: 0,
    lineNumber: 0,
    parserState: undefined,
    restart,
  });
  if (!previous) return fromStart(null);
  if (previous.identity !== now.identity) return fromStart('the file was replaced');
  if (now.size < previous.offset)
    return fromStart(`the file shrank from ${previous.offset} to ${now.size} bytes`);
  if (previous.headBytes > 0) {
    const head = await headHash(path, previous.headBytes);
    if (head.bytes < previous.headBytes || head.hash !== previous.headHash)
      return fromStart('the start of the file changed');
  }
  return {
    offset: previous.offset,
    lineNumber: previous.lineNumber,
    parserState: previous.parserState,
    restart: null,
  };
}
