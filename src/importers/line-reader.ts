import { createReadStream } from 'node:fs';

/**
 * One complete line of a JSONL file, or why it could not be given.
 * `endOffset` is the byte offset just after the line's '\n': an import that
 * stops here resumes with `fromOffset = endOffset, fromLine = lineNumber`.
 */
export type LineItem =
  | { kind: 'line'; text: string; lineNumber: number; endOffset: number }
  | { kind: 'problem'; reason: string; lineNumber: number; endOffset: number };

export interface ReadJsonlOptions {
  /** Byte offset to start reading at (0, or an `endOffset` from an earlier read). */
  fromOffset: number;
  /** Number of lines before `fromOffset`; the first line read is `fromLine + 1`. */
  fromLine: number;
  /** Longer lines are skipped (without buffering them) and reported as problems. */
  maxLineBytes: number;
  /**
   * Also yield a last line without its '\n' when it is already a whole JSON
   * object (a file whose writer never ends it, e.g. a copied transcript).
   * Safe: a writer appends whole lines, so what follows starts a new line.
   */
  completeLastLine?: boolean;
}

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Streams the complete lines of a JSONL file from a byte offset.
 *
 * - Lines are split on the byte 0x0A, so offsets are exact bytes whatever the
 *   text; a trailing '\r' is dropped.
 * - Only lines ending in '\n' are yielded: a half-written last line (the
 *   assistant is still appending) is left for the next run.
 * - Memory stays flat: at most about `maxLineBytes` plus one chunk is held.
 *   A line longer than `maxLineBytes` is discarded as it streams by and
 *   reported once its '\n' arrives; if it has no '\n' yet, nothing is yielded.
 * - Each line is decoded on its own with a fatal UTF-8 decoder: invalid bytes
 *   give a problem for that line only.
 * - Empty (or blank) lines are counted but not yielded.
 */
export async function* readJsonlLines(path: string, options: ReadJsonlOptions): AsyncGenerator<LineItem> {
  const { fromOffset, fromLine, maxLineBytes } = options;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Reading from the byte before the offset tells whether the last line read
  // was a completed unterminated one: then the first '\n' only ends it.
  const stream = createReadStream(path, { start: Math.max(0, fromOffset - 1), highWaterMark: CHUNK_BYTES });
  let endsEarlierLine = false;
  let firstChunk = fromOffset > 0;

  let parts: Buffer[] = [];
  let partBytes = 0;
  let skipping = false;
  let lineNumber = fromLine;
  let chunkStart = Math.max(0, fromOffset - 1);

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      if (firstChunk) {
        firstChunk = false;
        endsEarlierLine = chunk[0] !== NEWLINE;
        start = 1;
      }
      while (start < chunk.length) {
        const newline = chunk.indexOf(NEWLINE, start);
        if (newline === -1) {
          const rest = chunk.length - start;
          // +1: the line may still end in a '\r' that does not count.
          if (!skipping && partBytes + rest > maxLineBytes + 1) {
            skipping = true;
            parts = [];
            partBytes = 0;
          } else if (!skipping) {
            parts.push(chunk.subarray(start));
            partBytes += rest;
          }
          break;
        }

        const endOffset = chunkStart + newline + 1;
        const piece = chunk.subarray(start, newline);
        start = newline + 1;
        if (endsEarlierLine) {
          // The newline of a line already given whole (see completeLastLine).
          endsEarlierLine = false;
          parts = [];
          partBytes = 0;
          skipping = false;
          continue;
        }
        lineNumber += 1;

        if (skipping) {
          skipping = false;
          yield { kind: 'problem', reason: tooLong(maxLineBytes), lineNumber, endOffset };
          continue;
        }

        let bytes = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
        parts = [];
        partBytes = 0;
        if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
        if (bytes.length === 0) continue;
        if (bytes.length > maxLineBytes) {
          yield { kind: 'problem', reason: tooLong(maxLineBytes), lineNumber, endOffset };
          continue;
        }

        let text: string;
        try {
          text = decoder.decode(bytes);
        } catch {
          yield { kind: 'problem', reason: 'not valid UTF-8', lineNumber, endOffset };
          continue;
        }
        if (text.trim() === '') continue;
        yield { kind: 'line', text, lineNumber, endOffset };
      }
      chunkStart += chunk.length;
    }
    if (options.completeLastLine && !skipping && partBytes > 0) {
      const last = wholeJsonObject(Buffer.concat(parts), decoder);
      if (last !== null)
        yield { kind: 'line', text: last, lineNumber: lineNumber + 1, endOffset: chunkStart };
    }
  } finally {
    stream.destroy();
  }
}

function tooLong(maxLineBytes: number): string {
  return `line longer than ${maxLineBytes} bytes`;
}

/** The text of an unterminated last line when it parses as a JSON object; null otherwise. */
function wholeJsonObject(bytes: Buffer, decoder: { decode(input: Uint8Array): string }): string | null {
  try {
    const text = decoder.decode(bytes).trim();
    if (!text.startsWith('{') || !text.endsWith('}')) return null;
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? text : null;
  } catch {
    return null;
  }
}
