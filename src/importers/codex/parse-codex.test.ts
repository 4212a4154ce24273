import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import {
  messagesOf,
  parseFile as parseTranscriptFile,
  summarizeRecords,
} from '../../../test/support/transcript-parsing.js';
import type { JsonObject } from '../../core/types.js';
import { createClaudeCodeParser } from '../claude-code/parse-claude-code.js';
import type {
  CreateParser,
  ParserOptions,
  TranscriptRecord,
  TranscriptSessionInfo,
} from '../transcript-types.js';
import { createCodexParser } from './parse-codex.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/transcripts', import.meta.url));
const CODEX = join(FIXTURES, 'codex');
const OPTIONS: ParserOptions = { maxToolBodyChars: 4000, includeThinking: false, ownServerName: 'deja' };

const SYNTHETIC = join(CODEX, 'rollout-2026-01-02T03-04-05-11111111-1111-4111-8111-111111111111.jsonl');
const BIG = join(CODEX, 'localpush_rollout-2026-02-23T12-54-34-019c8a59-e9dd-71f0-9ae3-4079fe9726a9.jsonl');
const SMALL_TURN = join(
  CODEX,
  'localpush_rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl',
);
const ENDS_MID_TURN = join(
  CODEX,
  'localpush_rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl',
);
const MALFORMED = join(
  CODEX,
  'rollout-2026-02-01T00-00-00-66666666-6666-4666-8666-666666666666-malformed.jsonl',
);
const LEGACY = join(CODEX, 'rollout-legacy-44444444-4444-4444-8444-444444444444.jsonl');

function parseFile(
  path: string,
  options: Partial<ParserOptions> = {},
  create: CreateParser = createCodexParser,
  from: { offset: number; line: number; state?: JsonObject } = { offset: 0, line: 0 },
  stopAfterLine = Number.POSITIVE_INFINITY,
) {
  return parseTranscriptFile(path, create, { ...OPTIONS, ...options }, from, stopAfterLine);
}

function parseLines(lines: unknown[], options: Partial<ParserOptions> = {}): TranscriptRecord[] {
  const parser = createCodexParser({ ...OPTIONS, ...options });
  return lines.flatMap((line, i) =>
    parser.line(typeof line === 'string' ? line : JSON.stringify(line), i + 1),
  );
}

const sessionsOf = (records: TranscriptRecord[]) =>
  records.filter((r): r is TranscriptSessionInfo => r.kind === 'session');

/** The shared summary with this source's token fields. */
function summarize(records: TranscriptRecord[]) {
  const { totals: t, ...rest } = summarizeRecords(records);
  return {
    ...rest,
    tokens: {
      input: t.input,
      output: t.output,
      cacheWrite: t.cacheWrite,
      cacheRead: t.cacheRead,
      reasoning: t.reasoning,
    },
  };
}

/*
 * Expected counts were worked out independently of the parser with jq over the fixture files:
 *   text/user      = event_msg user_message with a non-blank message (or images)
 *   text/assistant = response_item message role assistant with non-blank text
 *   tool_call      = response_item function_call + custom_tool_call + web_search_call (+ local_shell_call)
 *   tool_result    = response_item function_call_output + custom_tool_call_output
 *   summary        = compacted with a non-blank message
 *   tokens         = event_msg token_count with info != null, grouped by
 *                    "\(total.total_tokens):\(total.input_tokens):\(total.output_tokens)", max of each
 *                    last_token_usage field per group, groups added up.
 * Cross-check: in each localpush file the deduplicated sum equals the last total_token_usage exactly.
 */
describe('Codex parser: exact counts on real fixtures', () => {
  it('rollout-2026-01-02…1111.jsonl: mirrored messages, reasoning, tools, an unknown type', async () => {
    // L3 event user_message (kept) / L4 response_item user (its mirror, skipped); L5 reasoning (off);
    // L6-L11 three calls (exec_command, apply_patch, mcp__synthetic__lookup) and their outputs;
    // L12 event agent_message (mirror, skipped) / L13 assistant message (kept); L14 unknown type (skipped).
    const { records } = await parseFile(SYNTHETIC);
    expect(summarize(records)).toEqual({
      messages: { 'text/user': 1, 'tool_call/assistant': 3, 'tool_result/tool': 3, 'text/assistant': 1 },
      warnings: 0,
      usageRecords: 0,
      usageKeys: 0,
      tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 },
    });
    const thread = '11111111-1111-4111-8111-111111111111';
    expect(messagesOf(records).map((m) => [m.sourceRef, m.type, m.toolName, m.content])).toEqual([
      [`${thread}:3`, 'text', null, 'List the synthetic files.'],
      [`${thread}:6`, 'tool_call', 'exec_command', 'exec_command {"cmd":"find . -maxdepth 1 -type f"}'],
      [`${thread}:7`, 'tool_result', 'exec_command', './alpha.txt\n./beta.txt'],
      [
        `${thread}:8`,
        'tool_call',
        'apply_patch',
        'apply_patch *** Begin Patch\n*** Add File: gamma.txt\n+synthetic\n*** End Patch',
      ],
      [`${thread}:9`, 'tool_result', 'apply_patch', 'Done!'],
      [`${thread}:10`, 'tool_call', 'mcp__synthetic__lookup', 'mcp__synthetic__lookup {"query":"fixture"}'],
      [`${thread}:11`, 'tool_result', 'mcp__synthetic__lookup', '{"status":"ok"}'],
      [`${thread}:13`, 'text', null, 'The synthetic files are alpha.txt and beta.txt.'],
    ]);
    expect(messagesOf(records).at(-1)).toMatchObject({
      model: 'synthetic-model',
      timestamp: '2026-01-02T03:04:15.001Z',
    });
    expect(sessionsOf(records)).toEqual([
      {
        kind: 'session',
        externalId: thread,
        cwd: '/workspace/synthetic-project',
        gitBranch: null,
        model: null,
        clientVersion: '0.0.0-test',
        timestamp: '2026-01-02T03:04:05.000Z',
        parentExternalId: null,
      },
      expect.objectContaining({ model: 'synthetic-model' }),
    ]);

    const thinking = await parseFile(SYNTHETIC, { includeThinking: true });
    expect(messagesOf(thinking.records).filter((m) => m.meta.thinking === true)).toMatchObject([
      { role: 'assistant', content: 'I will inspect the synthetic directory.', sourceRef: `${thread}:5` },
    ]);
    expect(JSON.stringify(thinking.records)).not.toContain('SYNTHETIC_ENCRYPTED_CONTENT');

    // deja's own server (here named "synthetic") is skipped with its output.
    const own = await parseFile(SYNTHETIC, { ownServerName: 'synthetic' });
    expect(summarize(own.records).messages).toEqual({
      'text/user': 1,
      'tool_call/assistant': 2,
      'tool_result/tool': 2,
      'text/assistant': 1,
    });
  });

  it('localpush 12-54-34 (2722 lines): 33 turns, compaction, every token_count written twice', async () => {
    // jq: 38 user_message events; 255 assistant messages; 316 function_call + 49 custom_tool_call +
    // 7 web_search_call = 372 calls; 316 + 49 = 365 outputs; 1 compacted (its message is the redaction
    // marker, so not blank). 573 token_count events, 572 with info, 286 distinct totals.
    // Dedup sum = last total_token_usage: input 33810485, output 133999, cached 31621504, reasoning 42113.
    // 46 user + 45 developer response_item messages and 219 reasoning items give nothing.
    const { records } = await parseFile(BIG);
    expect(summarize(records)).toEqual({
      messages: {
        'text/user': 38,
        'text/assistant': 255,
        'tool_call/assistant': 372,
        'tool_result/tool': 365,
        'summary/system': 1,
      },
      warnings: 0,
      usageRecords: 572,
      usageKeys: 286,
      tokens: {
        input: 33810485 - 31621504,
        output: 133999,
        cacheWrite: 0,
        cacheRead: 31621504,
        reasoning: 42113,
      },
    });
    expect(sessionsOf(records)).toEqual([
      {
        kind: 'session',
        externalId: '019c8a59-e9dd-71f0-9ae3-4079fe9726a9',
        cwd: '/redacted/path/59b923df4d',
        gitBranch: 'main',
        model: null,
        clientVersion: '0.104.0-alpha.1',
        timestamp: '2026-02-23T11:54:34.334Z',
        parentExternalId: null,
      },
      expect.objectContaining({ model: 'gpt-5.3-codex' }),
    ]);
    const refs = messagesOf(records).map((m) => m.sourceRef);
    expect(new Set(refs).size).toBe(refs.length);
    // base_instructions (13 KB system prompt) is never stored.
    expect(JSON.stringify(records)).not.toContain('len=13131');
    // Images in a user_message: the text is kept (redacted here), not the image data.
    expect(JSON.stringify(records)).not.toContain('REDACTED_IMAGE');

    // With deja's server named like the MCP server used here: jq counts 23 calls to
    // mcp__supabase_right_aim_ops__* (22 execute_sql + 1 list_tables), each with an output by call_id.
    const own = await parseFile(BIG, { ownServerName: 'supabase_right_aim_ops' });
    expect(summarize(own.records).messages).toMatchObject({
      'tool_call/assistant': 349,
      'tool_result/tool': 342,
    });
  });

  it('localpush 20-34-25 (63 lines): one complete turn', async () => {
    // jq: 1 user_message, 6 assistant messages, 5 function_call/_output pairs; 12 token_count events,
    // 11 with info, 6 distinct totals: input 298373, output 1123, cached 238848, reasoning 483
    // (= the last total_token_usage).
    const { records } = await parseFile(SMALL_TURN);
    expect(summarize(records)).toEqual({
      messages: { 'text/user': 1, 'text/assistant': 6, 'tool_call/assistant': 5, 'tool_result/tool': 5 },
      warnings: 0,
      usageRecords: 11,
      usageKeys: 6,
      tokens: { input: 298373 - 238848, output: 1123, cacheWrite: 0, cacheRead: 238848, reasoning: 483 },
    });
  });

  it('localpush 13-19-38 (19 lines): ends after a function_call with no output', async () => {
    // jq: 1 user_message (the other 4 user response items are its mirror and injected context), 1 assistant
    // message, 1 function_call, 0 outputs; 2 token_count, 1 with info: 34469 / 431 / 3456 / 264.
    const { records } = await parseFile(ENDS_MID_TURN);
    expect(summarize(records)).toEqual({
      messages: { 'text/user': 1, 'text/assistant': 1, 'tool_call/assistant': 1 },
      warnings: 0,
      usageRecords: 1,
      usageKeys: 1,
      tokens: { input: 34469 - 3456, output: 431, cacheWrite: 0, cacheRead: 3456, reasoning: 264 },
    });
    expect(records.find((r) => r.kind === 'usage')).toEqual({
      kind: 'usage',
      sessionExternalId: '019c8a70-dda7-7f33-98ea-f30553347322',
      key: '019c8a70-dda7-7f33-98ea-f30553347322:34900:34469:431',
      model: 'gpt-5.3-codex',
      timestamp: '2026-02-23T12:19:52.689Z',
      sidechain: false,
      inputTokens: 34469 - 3456,
      outputTokens: 431,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      cacheReadTokens: 3456,
      reasoningTokens: 264,
    });
  });

  it('the legacy format and the malformed fixture', async () => {
    const legacy = await parseFile(LEGACY);
    const thread = '44444444-4444-4444-8444-444444444444';
    expect(legacy.records).toEqual([
      {
        kind: 'session',
        externalId: thread,
        cwd: null,
        gitBranch: null,
        model: null,
        clientVersion: null,
        timestamp: '2026-01-04T05:06:07.000Z',
        parentExternalId: null,
      },
      expect.objectContaining({
        role: 'user',
        content: 'Open the synthetic legacy session.',
        sourceRef: `${thread}:2`,
      }),
      expect.objectContaining({
        role: 'assistant',
        content: 'The synthetic legacy session is open.',
        sourceRef: `${thread}:3`,
      }),
    ]);
    // No timestamps on legacy lines: the session's start is used.
    expect(messagesOf(legacy.records).every((m) => m.timestamp === '2026-01-04T05:06:07.000Z')).toBe(true);

    const malformed = await parseFile(MALFORMED);
    expect(summarize(malformed.records).messages).toEqual({ 'text/user': 1 });
    expect(malformed.records.filter((r) => r.kind === 'warning')).toEqual([
      { kind: 'warning', reason: 'not valid JSON' },
    ]);
  });

  it.each(readdirSync(CODEX).filter((name) => name.endsWith('.jsonl')))(
    '%s parses without throwing (and so does every Claude fixture)',
    async (name) => {
      await expect(parseFile(join(CODEX, name))).resolves.toBeDefined();
      await expect(parseFile(join(CODEX, name), {}, createClaudeCodeParser)).resolves.toBeDefined();
      for (const claude of readdirSync(join(FIXTURES, 'claude-code')).filter((n) => n.endsWith('.jsonl'))) {
        const text = readFileSync(join(FIXTURES, 'claude-code', claude), 'utf8');
        expect(() => parseLines(text.split('\n'))).not.toThrow();
      }
    },
  );
});

describe('Codex parser: odd input', () => {
  const meta = (id: string, extra: object = {}) => ({
    timestamp: '2026-03-01T10:00:00.000Z',
    type: 'session_meta',
    payload: { id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w', cli_version: '0.120.0', ...extra },
  });
  const at = (second: number) => `2026-03-01T10:00:${String(second).padStart(2, '0')}.000Z`;
  const item = (second: number, payload: object) => ({
    timestamp: at(second),
    type: 'response_item',
    payload,
  });
  const event = (second: number, payload: object) => ({ timestamp: at(second), type: 'event_msg', payload });

  it('turns broken lines into warnings and skips unknown types silently', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepPayload = `{"timestamp":"2026-03-01T10:00:00Z","type":"response_item","payload":{"type":"function_call","name":"x","call_id":"c","arguments":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}`;
    const records = parseLines([
      meta('t1'),
      deep,
      '[{"type":"message"}]',
      '3.14',
      '{"no_type":true}',
      '{"record_type":"state"}',
      { timestamp: at(1), type: 'ghost_snapshot_v9', payload: {} },
      item(2, { type: 'ghost_snapshot', ghost_commit: {} }),
      event(3, { type: 'exec_command_begin', call_id: 'x' }),
      { timestamp: at(4), type: 'response_item', payload: 'not an object' },
      item(5, { type: 'message', role: 'assistant' }),
      event(6, { type: 'token_count', info: { total_token_usage: {} } }),
      deepPayload,
    ]);
    expect(records.filter((r) => r.kind === 'warning').map((r) => r.kind === 'warning' && r.reason)).toEqual([
      // Node 20's JSON.parse copes with 100,000 levels (then it is an array); older engines throw RangeError.
      expect.stringMatching(/^(JSON nested too deeply to parse|not a JSON object \(an array\))$/),
      'not a JSON object (an array)',
      'not a JSON object (a number)',
      'JSON object without a "type" field',
      'response_item line without a payload object',
      'assistant message without content',
      'token_count without last_token_usage',
    ]);
    // Arguments too deep to serialise again are replaced by a marker, not a throw.
    expect(messagesOf(records)).toMatchObject([
      { type: 'tool_call', content: 'x [input could not be serialised]' },
    ]);
  });

  it('reports a RangeError from JSON.parse as a warning', () => {
    const spy = vi.spyOn(JSON, 'parse').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      expect(parseLines(['{"type":"session_meta"}'])).toEqual([
        { kind: 'warning', reason: 'JSON nested too deeply to parse' },
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps what the person typed, skips injected context and developer messages', () => {
    const records = parseLines([
      meta('t1'),
      item(1, {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: '<permissions instructions>…' }],
      }),
      item(2, {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '<environment_context>…</environment_context>' }],
      }),
      event(3, {
        type: 'user_message',
        message: '<environment_context>\n<cwd>/w</cwd>\n</environment_context>',
        kind: 'plain',
      }),
      event(4, {
        type: 'user_message',
        message: '# AGENTS.md instructions for /w',
        kind: 'user_instructions',
      }),
      item(5, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Add a test' }] }),
      event(5, { type: 'user_message', message: 'Add a test', images: [] }),
      event(6, { type: 'user_message', message: '', images: ['data:image/png;base64,AAAA'] }),
      event(7, { type: 'agent_message', message: 'Done.' }),
      item(7, {
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Done.' }],
        phase: 'final_answer',
      }),
    ]);
    expect(messagesOf(records).map((m) => [m.role, m.content, m.sourceRef])).toEqual([
      ['user', 'Add a test', 't1:7'],
      ['user', '[image]', 't1:8'],
      ['assistant', 'Done.', 't1:10'],
    ]);
    expect(messagesOf(records)[2]?.meta).toEqual({ phase: 'final_answer' });
  });

  it('marks sub-agent threads and keeps the first thread of the file', () => {
    const records = parseLines([
      meta('child', { source: { subagent: { thread_spawn: { parent_thread_id: 'parent', depth: 1 } } } }),
      meta('parent', { source: 'cli' }), // the parent's meta copied into the child's file
      { timestamp: at(1), type: 'turn_context', payload: { model: 'gpt-5-codex', cwd: '/w' } },
      event(2, { type: 'user_message', message: 'Explore the repo' }),
      event(3, {
        type: 'token_count',
        info: {
          total_token_usage: {
            input_tokens: 100,
            cached_input_tokens: 50,
            output_tokens: 10,
            reasoning_output_tokens: 5,
            total_tokens: 110,
          },
          last_token_usage: {
            input_tokens: 100,
            cached_input_tokens: 50,
            output_tokens: 10,
            reasoning_output_tokens: 5,
            total_tokens: 110,
          },
        },
      }),
    ]);
    expect(sessionsOf(records)).toMatchObject([
      { externalId: 'child', parentExternalId: 'parent', model: null },
      { externalId: 'child', parentExternalId: 'parent', model: 'gpt-5-codex' },
    ]);
    expect(records.filter((r) => r.kind === 'message' || r.kind === 'usage')).toMatchObject([
      { kind: 'message', sessionExternalId: 'child', sidechain: true },
      {
        kind: 'usage',
        sessionExternalId: 'child',
        sidechain: true,
        key: 'child:110:100:10',
        model: 'gpt-5-codex',
      },
    ]);
  });

  it('counts a repeated token_count once (same key) and ignores info: null', () => {
    const usage = (total: number, last: number) => ({
      total_token_usage: {
        input_tokens: total,
        cached_input_tokens: 0,
        output_tokens: 1,
        reasoning_output_tokens: 0,
        total_tokens: total + 1,
      },
      last_token_usage: {
        input_tokens: last,
        cached_input_tokens: 0,
        output_tokens: 1,
        reasoning_output_tokens: 0,
        total_tokens: last + 1,
      },
    });
    const records = parseLines([
      meta('t1'),
      event(1, { type: 'token_count', info: null, rate_limits: {} }),
      event(2, { type: 'token_count', info: usage(100, 100) }),
      event(3, { type: 'token_count', info: usage(100, 100) }),
      event(4, { type: 'token_count', info: usage(250, 150) }),
    ]);
    expect(summarize(records)).toMatchObject({
      usageRecords: 3,
      usageKeys: 2,
      tokens: { input: 250, output: 2 },
    });
  });

  it('reads tool outputs in their different shapes and skips deja tool traffic', () => {
    const records = parseLines(
      [
        meta('t1'),
        item(1, { type: 'function_call', name: 'shell', arguments: '{"command":["false"]}', call_id: 'c1' }),
        item(2, {
          type: 'function_call_output',
          call_id: 'c1',
          output: '{"output":"boom\\n","metadata":{"exit_code":1,"duration_seconds":0.1}}',
        }),
        item(3, { type: 'function_call', name: 'exec_command', arguments: 'not json', call_id: 'c2' }),
        item(4, {
          type: 'function_call_output',
          call_id: 'c2',
          output: 'Chunk ID: 1\nProcess exited with code 2\nOutput:\nerr',
        }),
        item(5, {
          type: 'function_call',
          name: 'mcp__deja__search',
          arguments: '{"query":"x"}',
          call_id: 'c3',
        }),
        item(6, { type: 'function_call_output', call_id: 'c3', output: { content: 'hits', success: true } }),
        item(7, { type: 'function_call', name: 'deja__store_memory', arguments: '{}', call_id: 'c4' }),
        item(8, { type: 'function_call_output', call_id: 'c4', output: 'stored' }),
        item(9, { type: 'function_call', name: 'mcp__gh__issue', arguments: '{}', call_id: 'c5' }),
        item(10, {
          type: 'function_call_output',
          call_id: 'c5',
          output: { content: [{ type: 'text', text: 'nope' }], success: false },
        }),
        item(11, {
          type: 'local_shell_call',
          call_id: 'c6',
          status: 'completed',
          action: { type: 'exec', command: ['ls'] },
        }),
        item(12, {
          type: 'function_call_output',
          call_id: 'c6',
          output: `Exit code: 0\nOutput:\n${'z'.repeat(200)}`,
        }),
        item(13, {
          type: 'web_search_call',
          status: 'completed',
          action: { type: 'search', query: 'vitest' },
        }),
      ],
      { maxToolBodyChars: 100 },
    );
    expect(
      messagesOf(records).map((m) => [m.type, m.toolName, m.isError, m.truncated, m.content.slice(0, 40)]),
    ).toEqual([
      ['tool_call', 'shell', false, false, 'shell {"command":["false"]}'],
      ['tool_result', 'shell', true, false, 'boom\n'],
      ['tool_call', 'exec_command', false, false, 'exec_command not json'],
      ['tool_result', 'exec_command', true, false, 'Chunk ID: 1\nProcess exited with code 2\nO'],
      ['tool_call', 'mcp__gh__issue', false, false, 'mcp__gh__issue {}'],
      ['tool_result', 'mcp__gh__issue', true, false, 'nope'],
      ['tool_call', 'local_shell', false, false, 'local_shell {"type":"exec","command":["l'],
      ['tool_result', 'local_shell', false, true, `Exit code: 0\nOutput:\n${'z'.repeat(19)}`],
      ['tool_call', 'web_search', false, false, 'web_search {"type":"search","query":"vit'],
    ]);
    expect(messagesOf(records)[7]?.content).toMatch(/\n… \[truncated \d+ chars\]$/);
  });

  it('warns about records before session_meta', () => {
    const records = parseLines([event(1, { type: 'user_message', message: 'hi' })]);
    expect(records).toEqual([{ kind: 'warning', reason: 'user_message before session_meta' }]);
  });
});

describe('Codex parser: resuming mid-file', () => {
  it.each([
    [BIG, [1, 11, 12, 1000, 1422, 2721]],
    [SYNTHETIC, [1, 2, 6, 10]],
    [LEGACY, [1, 2]],
  ])('%s split after lines %j gives the same records as one pass', async (path, splits) => {
    const whole = await parseFile(path);
    for (const split of splits) {
      const first = await parseFile(path, {}, createCodexParser, { offset: 0, line: 0 }, split);
      expect(first.lastLine).toBe(split);
      const second = await parseFile(path, {}, createCodexParser, {
        offset: first.endOffset,
        line: first.lastLine,
        state: first.state,
      });
      expect([...first.records, ...second.records]).toEqual(whole.records);
    }
  });

  it('keeps its resume state small', async () => {
    const { state } = await parseFile(BIG);
    expect(JSON.stringify(state).length).toBeLessThan(32 * 1024);
  });
});
