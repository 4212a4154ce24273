import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  messagesOf,
  parseFile as parseTranscriptFile,
  summarizeRecords,
} from '../../../test/support/transcript-parsing.js';
import type { JsonObject } from '../../core/types.js';
import { createCodexParser } from '../codex/parse-codex.js';
import type { CreateParser, ParserOptions, TranscriptRecord, TranscriptUsage } from '../transcript-types.js';
import { createClaudeCodeParser } from './parse-claude-code.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/transcripts', import.meta.url));
const CLAUDE = join(FIXTURES, 'claude-code');
const OPTIONS: ParserOptions = { maxToolBodyChars: 4000, includeThinking: false, ownServerName: 'deja' };

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'deja-claude-parser-'));
  tempDirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function parseFile(
  path: string,
  options: Partial<ParserOptions> = {},
  create: CreateParser = createClaudeCodeParser,
  from: { offset: number; line: number; state?: JsonObject } = { offset: 0, line: 0 },
  stopAfterLine = Number.POSITIVE_INFINITY,
) {
  return parseTranscriptFile(path, create, { ...OPTIONS, ...options }, from, stopAfterLine);
}

function parseLines(lines: unknown[], options: Partial<ParserOptions> = {}): TranscriptRecord[] {
  const parser = createClaudeCodeParser({ ...OPTIONS, ...options });
  return lines.flatMap((line, i) =>
    parser.line(typeof line === 'string' ? line : JSON.stringify(line), i + 1),
  );
}

/** The shared summary with this source's token fields. */
function summarize(records: TranscriptRecord[]) {
  const { totals: t, ...rest } = summarizeRecords(records);
  return {
    ...rest,
    tokens: {
      input: t.input,
      output: t.output,
      cacheWrite: t.cacheWrite,
      cacheWrite1h: t.cacheWrite1h,
      cacheRead: t.cacheRead,
    },
  };
}

/*
 * Expected counts were worked out independently of the parser with jq over the fixture files:
 *   users = lines with type "user", isMeta != true, isCompactSummary != true
 *   text/user     = users' string contents + their non-blank "text" blocks (none of these files has
 *                   injected wrapper text; checked by listing every user text's first 60 chars)
 *   tool_result   = users' "tool_result" blocks;      text/assistant = non-blank assistant "text" blocks
 *   tool_call     = assistant "tool_use" blocks;      summary = "summary" lines + isCompactSummary lines
 *   tokens        = group assistant lines with message.usage by "\(.message.id):\(.requestId)",
 *                   take max of each usage field per group, add the groups up.
 * (The jq program is in the report of the change that added this test.)
 */
describe('Claude Code parser: exact counts on real fixtures', () => {
  it('sidechain_integrated.jsonl: a Task sub-agent, one response split over two lines', async () => {
    // 6 lines: L1 Task tool_use (usage A), L2 its tool_result, L3 sidechain text (usage B),
    // L4 sidechain Grep tool_use (usage B again: same message.id + requestId), L5 sidechain tool_result,
    // L6 text (usage C). Tokens: input 3+3+3 = 9; output 365+183+190 = 738;
    // cache write 141272+19830+2952 = 164054; cache read 0+0+141272 = 141272.
    const { records } = await parseFile(join(CLAUDE, 'sidechain_integrated.jsonl'));
    expect(summarize(records)).toEqual({
      messages: { 'tool_call/assistant': 2, 'tool_result/tool': 2, 'text/assistant': 2 },
      warnings: 0,
      usageRecords: 4,
      usageKeys: 3,
      tokens: { input: 9, output: 738, cacheWrite: 164054, cacheWrite1h: 0, cacheRead: 141272 },
    });
    const messages = messagesOf(records);
    expect(messages.filter((m) => m.sidechain).map((m) => m.sourceRef)).toEqual([
      'b674eedd-0d9d-49e7-8116-1f092cd750ed',
      '3c78114e-3de3-471e-b80f-0c86adb361c4',
      '4899826e-499f-4f24-ae6e-f2ac31cddfd4',
    ]);
    expect(records.filter((r) => r.kind === 'usage' && r.sidechain)).toHaveLength(2);
    const task = messages[0];
    expect(task).toMatchObject({
      type: 'tool_call',
      role: 'assistant',
      toolName: 'Task',
      toolCallId: 'toolu_01JA2mLseQCAW3MdwPE4qWEk',
      model: 'claude-sonnet-4-5-20250929',
      sessionExternalId: '88a8d761-7b9a-4bf1-a8ca-c1febe6bf358',
      timestamp: '2025-11-19T22:53:34.908Z',
    });
    expect(task?.content.startsWith('Task {"subagent_type":"general-purpose"')).toBe(true);
    expect(messages[1]).toMatchObject({
      type: 'tool_result',
      role: 'tool',
      toolName: 'Task',
      content: 'Perfect! Now I have a complete understanding. Let ...',
      isError: false,
      meta: { uuid: '97965533-18f3-41b7-aa07-0c438f2a5893', agentId: 'e1c84ba5' },
    });
    expect(records[0]).toEqual({
      kind: 'session',
      externalId: '88a8d761-7b9a-4bf1-a8ca-c1febe6bf358',
      cwd: 'e:\\Workspace\\src\\github\\claude-code-log',
      gitBranch: null,
      model: 'claude-sonnet-4-5-20250929',
      clientVersion: '2.0.46',
      timestamp: '2025-11-19T22:53:34.908Z',
      parentExternalId: null,
    });
  });

  it('episodic-memory_short-conversation.jsonl: a summary line before the session is known', async () => {
    // L1 summary (no sessionId) → held until L2 names the session; L2 one user text block;
    // L3 one assistant text block with usage 4 / 1 / cache write 0 / cache read 16999.
    const { records } = await parseFile(join(CLAUDE, 'episodic-memory_short-conversation.jsonl'));
    expect(summarize(records)).toEqual({
      messages: { 'summary/system': 1, 'text/user': 1, 'text/assistant': 1 },
      warnings: 0,
      usageRecords: 1,
      usageKeys: 1,
      tokens: { input: 4, output: 1, cacheWrite: 0, cacheWrite1h: 0, cacheRead: 16999 },
    });
    const summary = messagesOf(records)[0];
    expect(summary).toMatchObject({
      type: 'summary',
      role: 'system',
      sessionExternalId: '982581eb-41b9-46da-86c1-ac34168117a8',
      sourceRef: 'summary:1c9b07e0-afba-4daf-a52b-1506632fe48f',
      content: 'Prerequisites Checking: Unveiling Hidden Requirements and Technical Nuances',
    });
    expect(records[0]).toMatchObject({
      kind: 'session',
      gitBranch: 'feature-branch',
      clientVersion: '2.0.9',
    });
    // The session is emitted again once the model becomes known (L3).
    expect(records.filter((r) => r.kind === 'session').map((r) => r.kind === 'session' && r.model)).toEqual([
      null,
      'claude-3-5-haiku-20241022',
    ]);
  });

  it('episodic-memory_long-conversation.jsonl: 295 lines, thinking, api errors, growing split usage', async () => {
    // jq: 15 string user contents; 98 tool_result blocks (4 with is_error true); 33 non-blank assistant
    // text blocks; 98 tool_use blocks; 12 thinking blocks (not emitted by default); the isMeta document
    // line, 5 system/api_error and 33 file-history-snapshot lines give nothing.
    // 143 assistant lines with usage in 71 (message.id, requestId) groups; field-wise max per group:
    // input 2005, output 3675, cache write 1129638, cache read 4890806 (1h writes 0).
    const { records } = await parseFile(join(CLAUDE, 'episodic-memory_long-conversation.jsonl'));
    expect(summarize(records)).toEqual({
      messages: { 'text/user': 15, 'tool_result/tool': 98, 'text/assistant': 33, 'tool_call/assistant': 98 },
      warnings: 0,
      usageRecords: 143,
      usageKeys: 71,
      tokens: { input: 2005, output: 3675, cacheWrite: 1129638, cacheWrite1h: 0, cacheRead: 4890806 },
    });
    expect(messagesOf(records).filter((m) => m.isError)).toHaveLength(4);

    // The response split over 4 lines whose output_tokens grow 2 → 195 (jq: group by id+requestId, keep
    // groups with more than one distinct output_tokens): every line is emitted, the store keeps the max.
    const split = records.filter(
      (r): r is TranscriptUsage =>
        r.kind === 'usage' && r.key === 'msg_01H2oSqKEwc6Lxm9946UcdQR:req_011CTtxo64TrsbB5c5z98AyH',
    );
    expect(split.map((u) => u.outputTokens)).toEqual([2, 2, 195, 195]);

    const withThinking = await parseFile(join(CLAUDE, 'episodic-memory_long-conversation.jsonl'), {
      includeThinking: true,
    });
    const thinking = messagesOf(withThinking.records).filter((m) => m.meta.thinking === true);
    expect(thinking).toHaveLength(12);
    expect(thinking.every((m) => m.role === 'assistant' && m.type === 'text' && m.content.length > 0)).toBe(
      true,
    );
    // Thinking is extra: every other record keeps its sourceRef.
    const refs = new Set(messagesOf(records).map((m) => m.sourceRef));
    expect(messagesOf(withThinking.records).filter((m) => !refs.has(m.sourceRef))).toHaveLength(12);
  });

  it('episodic-memory_tiny-conversation.jsonl and compact_after_rewind.jsonl', async () => {
    // tiny: 2 string user messages, 1 tool_use → 1 tool_result, 3 assistant texts; 4 usage lines in 3
    // groups: input 4+6+4 = 14, output 1+1+1 = 3, cache write 260+223+0 = 483, cache read 25382*2+25642 = 76406.
    const tiny = await parseFile(join(CLAUDE, 'episodic-memory_tiny-conversation.jsonl'));
    expect(summarize(tiny.records)).toEqual({
      messages: { 'text/user': 2, 'text/assistant': 3, 'tool_call/assistant': 1, 'tool_result/tool': 1 },
      warnings: 0,
      usageRecords: 4,
      usageKeys: 3,
      tokens: { input: 14, output: 3, cacheWrite: 483, cacheWrite1h: 0, cacheRead: 76406 },
    });

    // compact_after_rewind: both branches of the rewind are kept (5 user + 5 assistant texts), the
    // compact_boundary system line gives nothing, the isCompactSummary line becomes a summary.
    const rewind = await parseFile(join(CLAUDE, 'compact_after_rewind.jsonl'));
    expect(summarize(rewind.records)).toMatchObject({
      messages: { 'text/user': 5, 'text/assistant': 5, 'summary/system': 1 },
      warnings: 0,
      usageKeys: 5,
      tokens: { input: 50, output: 25, cacheWrite: 0, cacheWrite1h: 0, cacheRead: 0 },
    });
    expect(messagesOf(rewind.records).find((m) => m.type === 'summary')).toMatchObject({
      sourceRef: 'cs',
      content: expect.stringContaining('Summary: the user asked for a plan.'),
    });
  });
});

describe('Claude Code parser: every fixture', () => {
  const files = [
    ...readdirSync(CLAUDE).map((name) => join(CLAUDE, name)),
    ...readdirSync(join(FIXTURES, 'codex')).map((name) => join(FIXTURES, 'codex', name)),
  ].filter((path) => path.endsWith('.jsonl'));

  it.each(files)('parses %s without throwing, with unique sourceRefs', async (path) => {
    const { records } = await parseFile(path);
    if (path.includes('/claude-code/')) {
      const refs = messagesOf(records).map((m) => m.sourceRef);
      expect(new Set(refs).size).toBe(refs.length);
    }
    // The Codex parser must not throw on Claude files either.
    await expect(parseFile(path, {}, createCodexParser)).resolves.toBeDefined();
  });

  it('edge_cases.jsonl: one warning per broken line, the rest imported', async () => {
    // The file's last line (L19, a summary) has no final newline, so the line reader holds it back
    // as possibly half-written; feed all 19 lines to the parser directly.
    const viaReader = await parseFile(join(CLAUDE, 'edge_cases.jsonl'));
    expect(viaReader.lastLine).toBe(18);
    const text = readFileSync(join(CLAUDE, 'edge_cases.jsonl'), 'utf8');
    const records = parseLines(text.split('\n'));
    const warnings = records.filter((r) => r.kind === 'warning').map((r) => r.kind === 'warning' && r.reason);
    expect(warnings).toEqual([
      'user line without message.content', // L10: "contenst"
      'user line without a message object', // L11: message is a string
      'not a JSON object (a string)', // L13
      'JSON object without a "type" field', // L14
      'not a JSON object (a number)', // L15
      'not a JSON object (an array)', // L16
      'user content block 0 is not an object', // L18: content ["wow error"]
    ]);
    // L6 (Caveat), L7 (<command-name>), L8 (<local-command-stdout>) are injected: skipped.
    expect(summarize(records).messages).toEqual({
      'text/user': 3,
      'text/assistant': 2,
      'tool_call/assistant': 3,
      'tool_result/tool': 1,
      'summary/system': 1,
    });
    // L17 belongs to another session: a second session record.
    expect(
      records.filter((r) => r.kind === 'session').map((r) => r.kind === 'session' && r.externalId),
    ).toContain('todowrite_session');
  });
});

describe('Claude Code parser: odd input', () => {
  const base = {
    sessionId: 's1',
    cwd: '/w',
    version: '2.1.0',
    timestamp: '2026-01-01T00:00:00.000Z',
    isSidechain: false,
  };

  it('turns deeply nested JSON, arrays and numbers into warnings', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `{"type":"user","message":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const records = parseLines([deep, deepObject, '[1,2]', '42', 'null', '{"type":', '']);
    expect(records.every((r) => r.kind === 'warning')).toBe(true);
    expect(records).toHaveLength(7);
  });

  it('skips unknown types silently', () => {
    const records = parseLines([
      { type: 'queue-operation', operation: 'enqueue', content: 'x', sessionId: 's1' },
      { type: 'last-prompt', lastPrompt: 'x', leafUuid: 'u' },
      { type: 'progress', data: {} },
      { type: 'something-new-in-2027' },
    ]);
    expect(records).toEqual([]);
  });

  it('gives nothing for a file of only file-history-snapshot and summary lines', async () => {
    const path = tempFile(
      'snapshots.jsonl',
      [
        {
          type: 'file-history-snapshot',
          messageId: 'm1',
          snapshot: { trackedFileBackups: {} },
          isSnapshotUpdate: false,
        },
        { type: 'summary', summary: 'A title', leafUuid: 'leaf-1' },
        { type: 'file-history-snapshot', messageId: 'm2', snapshot: {}, isSnapshotUpdate: true },
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join(''),
    );
    const { records } = await parseFile(path);
    expect(records).toEqual([]);
  });

  it('skips injected text, strips system reminders, and marks image-only messages', () => {
    const records = parseLines([
      { ...base, type: 'user', uuid: 'm1', isMeta: true, message: { role: 'user', content: 'Caveat: …' } },
      {
        ...base,
        type: 'user',
        uuid: 'm2',
        message: {
          role: 'user',
          content: '<command-name>/clear</command-name>\n<command-args></command-args>',
        },
      },
      {
        ...base,
        type: 'user',
        uuid: 'm3',
        message: {
          role: 'user',
          content: [
            { type: 'text', text: 'Fix the bug <system-reminder>ignore me</system-reminder>' },
            { type: 'text', text: '<system-reminder>only a reminder</system-reminder>' },
          ],
        },
      },
      {
        ...base,
        type: 'user',
        uuid: 'm4',
        message: { role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'AAAA' } }] },
      },
      {
        ...base,
        type: 'user',
        uuid: 'm5',
        message: { role: 'user', content: '[Request interrupted by user]' },
      },
    ]);
    expect(messagesOf(records).map((m) => [m.sourceRef, m.content])).toEqual([
      ['m3#0', 'Fix the bug'],
      ['m4', '[image]'],
    ]);
  });

  it("skips deja's own MCP tool calls and their results, keeps others", () => {
    const call = (uuid: string, id: string, name: string) => ({
      ...base,
      type: 'assistant',
      uuid,
      requestId: `req_${uuid}`,
      message: {
        id: `msg_${uuid}`,
        model: 'claude-opus-4-1',
        content: [{ type: 'tool_use', id, name, input: {} }],
      },
    });
    const result = (uuid: string, id: string) => ({
      ...base,
      type: 'user',
      uuid,
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
    });
    const records = parseLines([
      call('a1', 't1', 'mcp__deja__search'),
      result('u1', 't1'),
      call('a2', 't2', 'mcp__plugin_deja_deja__store_memory'),
      result('u2', 't2'),
      call('a3', 't3', 'mcp__github__get_issue'),
      result('u3', 't3'),
    ]);
    expect(messagesOf(records).map((m) => [m.type, m.toolName])).toEqual([
      ['tool_call', 'mcp__github__get_issue'],
      ['tool_result', 'mcp__github__get_issue'],
    ]);
  });

  it('cuts long tool inputs and results, numbers blocks of multi-block lines, keeps 1h cache writes', () => {
    const records = parseLines(
      [
        {
          ...base,
          type: 'assistant',
          uuid: 'a1',
          requestId: 'r1',
          message: {
            id: 'msg_1',
            model: 'claude-opus-4-5',
            content: [
              { type: 'thinking', thinking: 'hmm', signature: 'sig' },
              { type: 'text', text: 'Reading it.' },
              { type: 'tool_use', id: 't1', name: 'Read', input: { file_path: 'x'.repeat(500) } },
            ],
            usage: {
              input_tokens: 10,
              output_tokens: 20,
              cache_creation_input_tokens: 300,
              cache_read_input_tokens: 40,
              cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
            },
          },
        },
        {
          ...base,
          type: 'user',
          uuid: 'u1',
          message: {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 't1', content: 'y'.repeat(500), is_error: true }],
          },
        },
      ],
      { maxToolBodyChars: 100 },
    );
    const messages = messagesOf(records);
    expect(messages.map((m) => [m.sourceRef, m.type, m.truncated])).toEqual([
      ['a1#1', 'text', false],
      ['a1#2', 'tool_call', true],
      ['u1', 'tool_result', true],
    ]);
    expect(messages[1]?.content).toMatch(/^Read \{"file_path":"x+\n… \[truncated \d+ chars\]$/);
    expect(messages[2]?.content).toBe(`${'y'.repeat(100)}\n… [truncated 400 chars]`);
    expect(messages[2]?.isError).toBe(true);
    expect(records.find((r) => r.kind === 'usage')).toEqual({
      kind: 'usage',
      sessionExternalId: 's1',
      key: 'msg_1:r1',
      model: 'claude-opus-4-5',
      timestamp: base.timestamp,
      sidechain: false,
      inputTokens: 10,
      outputTokens: 20,
      cacheWriteTokens: 300,
      cacheWrite1hTokens: 200,
      cacheReadTokens: 40,
      reasoningTokens: 0,
    });
  });

  it('skips zero usage of <synthetic> lines and warns about lines it cannot place', () => {
    const records = parseLines([
      {
        ...base,
        type: 'assistant',
        uuid: 'a1',
        message: {
          id: 'x',
          model: '<synthetic>',
          content: [{ type: 'text', text: 'No response requested.' }],
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
      { type: 'user', uuid: 'u1', message: { role: 'user', content: 'hi' } },
      { ...base, type: 'assistant', message: { content: [] } },
    ]);
    expect(records.filter((r) => r.kind === 'usage')).toEqual([]);
    expect(messagesOf(records)).toMatchObject([
      { content: 'No response requested.', model: null, meta: { synthetic: true } },
    ]);
    expect(records.filter((r) => r.kind === 'warning')).toEqual([
      { kind: 'warning', reason: 'user line without sessionId' },
      { kind: 'warning', reason: 'assistant line without uuid' },
    ]);
    // The session's model is never "<synthetic>".
    expect(records.find((r) => r.kind === 'session')).toMatchObject({ model: null });
  });
});

describe('Claude Code parser: resuming mid-file', () => {
  it.each([
    ['episodic-memory_long-conversation.jsonl', [1, 60, 147, 294]],
    ['episodic-memory_short-conversation.jsonl', [1, 2]],
    ['sidechain_integrated.jsonl', [3]],
    ['edge_cases.jsonl', [9, 16]],
  ])('%s split after lines %j gives the same records as one pass', async (name, splits) => {
    const path = join(CLAUDE, name);
    const whole = await parseFile(path);
    for (const split of splits) {
      const first = await parseFile(path, {}, createClaudeCodeParser, { offset: 0, line: 0 }, split);
      expect(first.lastLine).toBe(split);
      const second = await parseFile(path, {}, createClaudeCodeParser, {
        offset: first.endOffset,
        line: first.lastLine,
        state: first.state,
      });
      expect([...first.records, ...second.records]).toEqual(whole.records);
    }
  });

  it('re-parsing a file gives identical records (stable sourceRefs)', async () => {
    const path = join(CLAUDE, 'representative_messages.jsonl');
    expect((await parseFile(path)).records).toEqual((await parseFile(path)).records);
  });
});
