import { once } from 'node:events';
import { appendFileSync, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LineItem, readJsonlLines } from './line-reader.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deja-line-reader-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function readAll(path: string, fromOffset = 0, fromLine = 0, maxLineBytes = 1024 * 1024) {
  const items: LineItem[] = [];
  for await (const item of readJsonlLines(path, { fromOffset, fromLine, maxLineBytes })) items.push(item);
  return items;
}

describe('readJsonlLines', () => {
  it('yields complete lines with 1-based numbers and exact byte end offsets', async () => {
    const path = join(dir, 'a.jsonl');
    writeFileSync(path, '{"a":1}\n{"b":"é"}\n');
    const items = await readAll(path);
    expect(items).toEqual([
      { kind: 'line', text: '{"a":1}', lineNumber: 1, endOffset: 8 },
      // "é" is two bytes in UTF-8: 9 characters but 10 bytes.
      { kind: 'line', text: '{"b":"é"}', lineNumber: 2, endOffset: 8 + 10 + 1 },
    ]);
  });

  it('leaves a partial last line for later, then reads it once completed', async () => {
    const path = join(dir, 'partial.jsonl');
    writeFileSync(path, '{"a":1}\n{"b":');
    const first = await readAll(path);
    expect(first).toEqual([{ kind: 'line', text: '{"a":1}', lineNumber: 1, endOffset: 8 }]);

    appendFileSync(path, '2}\n');
    const last = first.at(-1);
    if (!last) throw new Error('no line');
    const second = await readAll(path, last.endOffset, last.lineNumber);
    expect(second).toEqual([
      { kind: 'line', text: '{"b":2}', lineNumber: 2, endOffset: statSync(path).size },
    ]);
  });

  it('handles CRLF line endings', async () => {
    const path = join(dir, 'crlf.jsonl');
    writeFileSync(path, '{"a":1}\r\n{"b":2}\r\n');
    const items = await readAll(path);
    expect(items.map((item) => item.kind === 'line' && item.text)).toEqual(['{"a":1}', '{"b":2}']);
    expect(items.map((item) => item.endOffset)).toEqual([9, 18]);
  });

  it('skips empty and blank lines but counts them', async () => {
    const path = join(dir, 'empty.jsonl');
    writeFileSync(path, '\n{"a":1}\n\r\n   \n{"b":2}\n\n');
    const items = await readAll(path);
    expect(items.map((item) => [item.kind, item.lineNumber])).toEqual([
      ['line', 2],
      ['line', 5],
    ]);
  });

  it('skips a 10 MB line with a 1 MB limit and goes on with the next line', async () => {
    const path = join(dir, 'long.jsonl');
    const long = `{"x":"${'a'.repeat(10 * 1024 * 1024)}"}`;
    writeFileSync(path, `{"a":1}\n${long}\n{"b":2}\n`);
    const items = await readAll(path, 0, 0, 1024 * 1024);
    expect(items).toEqual([
      { kind: 'line', text: '{"a":1}', lineNumber: 1, endOffset: 8 },
      {
        kind: 'problem',
        reason: `line longer than ${1024 * 1024} bytes`,
        lineNumber: 2,
        endOffset: 8 + long.length + 1,
      },
      { kind: 'line', text: '{"b":2}', lineNumber: 3, endOffset: 8 + long.length + 1 + 8 },
    ]);
  });

  it('says nothing about an over-long line that has no newline yet', async () => {
    const path = join(dir, 'long-partial.jsonl');
    writeFileSync(path, `{"a":1}\n{"x":"${'a'.repeat(300_000)}`);
    const items = await readAll(path, 0, 0, 100_000);
    expect(items).toEqual([{ kind: 'line', text: '{"a":1}', lineNumber: 1, endOffset: 8 }]);
  });

  it('reports a line just over the limit that fits in one chunk', async () => {
    const path = join(dir, 'short-limit.jsonl');
    writeFileSync(path, '{"a":"0123456789"}\n{"b":1}\n');
    const items = await readAll(path, 0, 0, 10);
    expect(items.map((item) => item.kind)).toEqual(['problem', 'line']);
  });

  it('reports invalid UTF-8 as a problem for that line only', async () => {
    const path = join(dir, 'bad-utf8.jsonl');
    const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]);
    writeFileSync(path, Buffer.concat([Buffer.from('{"ok":1}\n'), bad, Buffer.from('{"ok":2}\n')]));
    const items = await readAll(path);
    expect(items).toEqual([
      { kind: 'line', text: '{"ok":1}', lineNumber: 1, endOffset: 9 },
      { kind: 'problem', reason: 'not valid UTF-8', lineNumber: 2, endOffset: 9 + bad.length },
      { kind: 'line', text: '{"ok":2}', lineNumber: 3, endOffset: 9 + bad.length + 9 },
    ]);
  });

  it('keeps a multi-byte character split across chunk boundaries intact', async () => {
    const path = join(dir, 'split-char.jsonl');
    // 65535 ASCII bytes then a 4-byte emoji: the emoji straddles the 64 KiB chunk edge.
    const text = `${'a'.repeat(65_535)}🎉`;
    writeFileSync(path, `${text}\n`);
    const items = await readAll(path);
    expect(items).toEqual([{ kind: 'line', text, lineNumber: 1, endOffset: Buffer.byteLength(text) + 1 }]);
  });

  it('resumes from a mid-file offset with the right line numbers', async () => {
    const path = join(dir, 'resume.jsonl');
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i * 7) }));
    writeFileSync(path, `${lines.join('\n')}\n`);
    const all = await readAll(path);
    expect(all).toHaveLength(10);
    const middle = all[4];
    if (!middle) throw new Error('no line 5');
    const rest = await readAll(path, middle.endOffset, middle.lineNumber);
    expect(rest).toEqual(all.slice(5));
  });

  it('reads a 50 MB file with bounded memory', async () => {
    const path = join(dir, 'big.jsonl');
    const out = createWriteStream(path);
    const line = `${JSON.stringify({ type: 'user', text: 'y'.repeat(1000) })}\n`;
    const block = line.repeat(1000);
    let written = 0;
    while (written < 50 * 1024 * 1024) {
      if (!out.write(block)) await once(out, 'drain');
      written += block.length;
    }
    out.end();
    await once(out, 'finish');

    const memory = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const before = memory();
    let peak = before;
    let count = 0;
    let lastEnd = 0;
    for await (const item of readJsonlLines(path, {
      fromOffset: 0,
      fromLine: 0,
      maxLineBytes: 1024 * 1024,
    })) {
      count += 1;
      lastEnd = item.endOffset;
      if (count % 2000 === 0) peak = Math.max(peak, memory());
    }
    expect(count).toBe(written / line.length);
    expect(lastEnd).toBe(written);
    // Holding the file would need > 50 MB; streaming stays far below (garbage between GCs included).
    expect(peak - before).toBeLessThan(40 * 1024 * 1024);
  });
});

describe('readJsonlLines: an unterminated last line', () => {
  it('is given when asked for and it is a whole JSON object, and reading on from its end adds only what follows', async () => {
    const { mkdtempSync, writeFileSync, appendFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'deja-last-line-')), 'x.jsonl');
    writeFileSync(file, '{"a":1}\n{"b":2}');
    const read = async (fromOffset: number, fromLine: number) => {
      const items = [];
      for await (const item of readJsonlLines(file, {
        fromOffset,
        fromLine,
        maxLineBytes: 1024,
        completeLastLine: true,
      }))
        items.push(item);
      return items;
    };
    const first = await read(0, 0);
    expect(first.map((item) => (item.kind === 'line' ? item.text : item.reason))).toEqual([
      '{"a":1}',
      '{"b":2}',
    ]);
    const end = first.at(-1);
    expect(end?.endOffset).toBe(15);
    appendFileSync(file, '\n{"c":3}\n{"d":');
    const next = await read(end?.endOffset ?? 0, end?.lineNumber ?? 0);
    expect(next.map((item) => (item.kind === 'line' ? item.text : item.reason))).toEqual(['{"c":3}']);
    expect(next[0]?.lineNumber).toBe(3);
  });
});
