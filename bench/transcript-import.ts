import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { readJsonlLines as ReadJsonlLines } from '../src/importers/line-reader.js';
import type { TRANSCRIPT_PARSERS as Parsers } from '../src/importers/parsers.js';

const DIST = new URL('../dist/', import.meta.url).href;
const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/**
 * Transcript import at scale: a synthetic Claude Code session of ~200 MB
 * (user and assistant text, tool calls with results, usage on every response,
 * responses split over several lines as Claude Code writes them), then
 * (1) the line reader + parser alone, in this process: parse throughput;
 * (2) `deja import --path` as a child process: stored messages per second
 * (full-text indexing included: the CLI indexes before it exits) and its peak RSS.
 */
export async function benchTranscriptImport(targetBytes = 200 * 2 ** 20) {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'deja-bench-import-')));
  const projectDir = join(folder, 'user', '.claude', 'projects', '-work-demo');
  mkdirSync(projectDir, { recursive: true });
  const file = join(projectDir, 'session.jsonl');
  const lines = await writeSyntheticTranscript(file, targetBytes);
  const bytes = statSync(file).size;

  const { readJsonlLines } = (await import(`${DIST}importers/line-reader.js`)) as {
    readJsonlLines: typeof ReadJsonlLines;
  };
  const { TRANSCRIPT_PARSERS } = (await import(`${DIST}importers/parsers.js`)) as {
    TRANSCRIPT_PARSERS: typeof Parsers;
  };
  const parser = TRANSCRIPT_PARSERS['claude-code']({
    maxToolBodyChars: 8000,
    includeThinking: false,
    ownServerName: 'deja',
  });
  let parsedMessages = 0;
  const t0 = performance.now();
  for await (const item of readJsonlLines(file, { fromOffset: 0, fromLine: 0, maxLineBytes: 32 * 2 ** 20 })) {
    if (item.kind !== 'line') continue;
    for (const record of parser.line(item.text, item.lineNumber))
      if (record.kind === 'message') parsedMessages++;
  }
  const parseSeconds = (performance.now() - t0) / 1000;

  const home = join(folder, 'deja-home');
  const t1 = performance.now();
  const child = spawn(process.execPath, [BIN, 'import', '--path', file, '--json'], {
    cwd: folder,
    env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: join(folder, 'user'), DEJA_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  let summaryAt = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    // The CLI prints its summary when every message is stored, then indexes what is pending and exits.
    summaryAt ||= performance.now();
    stdout += chunk.toString();
  });
  let peakKb = 0;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, vmHwmKb(child.pid ?? 0));
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const importSeconds = (performance.now() - t1) / 1000;
  const storeSeconds = ((summaryAt || performance.now()) - t1) / 1000;
  if (code !== 0) throw new Error(`deja import exited with ${code}`);
  const summary = JSON.parse(stdout) as { messages: number; toolCalls: number; skippedLines: number };
  const mb = bytes / 2 ** 20;
  return {
    bytes,
    lines,
    parsedMessages,
    storedMessages: summary.messages,
    parseMbPerSecond: mb / parseSeconds,
    storedPerSecond: summary.messages / storeSeconds,
    indexedPerSecond: summary.messages / importSeconds,
    importMbPerSecond: mb / importSeconds,
    peakRssMb: peakKb / 1024,
    lineTexts: [
      `transcript parse (line reader + Claude Code parser), ${mb.toFixed(0)} MB, ${lines} lines: ${(mb / parseSeconds).toFixed(1)} MB/s, ${parsedMessages} messages   (target ≥ 50 MB/s)`,
      `deja import of that file (child process): ${Math.round(summary.messages / storeSeconds)} messages/s stored (${storeSeconds.toFixed(1)} s), ${Math.round(summary.messages / importSeconds)}/s with full-text indexing (${importSeconds.toFixed(1)} s, ${(mb / importSeconds).toFixed(1)} MB/s), ${summary.messages} messages (${summary.toolCalls} tool calls), ${summary.skippedLines} lines skipped   (target ≥ 20,000 messages/s)`,
      `deja import peak RSS: ${(peakKb / 1024).toFixed(0)} MB   (target ≤ 200 MB)`,
    ],
  };
}

/** VmHWM (peak resident set) of a live process in kB; 0 once it has exited. */
function vmHwmKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

const WORDS =
  'the cache layer index query session token parser stream buffer commit branch review error retry timeout config deploy module export import function handler request response schema migration transaction lock worker thread queue batch vector memory search ranking'.split(
    ' ',
  );

/** Deterministic pseudo-random words (a linear congruential generator; the same file every run). */
function textOf(seed: number, words: number): string {
  let state = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out.push(WORDS[state % WORDS.length] as string);
  }
  return out.join(' ');
}

/** Writes Claude Code lines until the file reaches `targetBytes`; returns the number of lines. */
export async function writeSyntheticTranscript(path: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(path);
  const sessionId = '0b5e3c2a-9f1d-4c7e-8a6b-5d4c3b2a1f0e';
  const base = Date.parse('2026-11-01T09:00:00.000Z');
  let written = 0;
  let lines = 0;
  let turn = 0;
  const write = (record: Record<string, unknown>) => {
    const text = `${JSON.stringify({ sessionId, cwd: '/work/demo', gitBranch: 'main', version: '2.1.3', isSidechain: false, userType: 'external', ...record })}\n`;
    written += Buffer.byteLength(text);
    lines++;
    return out.write(text);
  };
  while (written < targetBytes) {
    turn++;
    const timestamp = new Date(base + turn * 1000).toISOString();
    const usage = {
      input_tokens: 100 + (turn % 50),
      output_tokens: 200 + (turn % 70),
      cache_creation_input_tokens: 1000,
      cache_read_input_tokens: 20000,
    };
    const messageId = `msg_${turn.toString(36).padStart(8, '0')}`;
    const requestId = `req_${turn.toString(36).padStart(8, '0')}`;
    const toolId = `toolu_${turn.toString(36).padStart(8, '0')}`;
    write({
      type: 'user',
      uuid: `u-${turn}`,
      parentUuid: `t-${turn - 1}`,
      timestamp,
      message: { role: 'user', content: textOf(turn, 40) },
    });
    write({
      type: 'assistant',
      uuid: `a-${turn}`,
      parentUuid: `u-${turn}`,
      timestamp,
      requestId,
      message: {
        id: messageId,
        model: 'claude-sonnet-4-5',
        role: 'assistant',
        content: [{ type: 'text', text: textOf(turn * 7, 120) }],
        usage: { ...usage, output_tokens: 2 },
      },
    });
    write({
      type: 'assistant',
      uuid: `c-${turn}`,
      parentUuid: `a-${turn}`,
      timestamp,
      requestId,
      message: {
        id: messageId,
        model: 'claude-sonnet-4-5',
        role: 'assistant',
        content: [
          {
            type: 'tool_use',
            id: toolId,
            name: 'Read',
            input: { file_path: `/work/demo/src/file${turn % 300}.ts` },
          },
        ],
        usage,
      },
    });
    const ok = write({
      type: 'user',
      uuid: `t-${turn}`,
      parentUuid: `c-${turn}`,
      timestamp,
      message: {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toolId, content: textOf(turn * 13, 250) }],
      },
      toolUseResult: { type: 'text', file: { filePath: `/work/demo/src/file${turn % 300}.ts` } },
    });
    if (!ok) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return lines;
}
