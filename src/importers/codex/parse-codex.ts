import type { JsonObject, MessageRole } from '../../core/types.js';
import { compactJson, countField, nonEmptyString, recordField, stringField } from '../json-fields.js';
import { isRecord, type JsonRecord, parseJsonObjectLine } from '../json-line.js';
import { isOwnServerTool } from '../own-server-tool.js';
import { RecentMap, readPairs } from '../recent-map.js';
import type {
  CreateParser,
  ParserOptions,
  TranscriptMessage,
  TranscriptRecord,
  TranscriptSessionInfo,
  TranscriptUsage,
  TranscriptWarning,
} from '../transcript-types.js';
import { truncateText } from '../truncate.js';

/**
 * Parser for Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`); see
 * shared/TRANSCRIPTS.md. Handles the `{timestamp, type, payload}` envelope and the older
 * format (a first line `{id, timestamp}`, then bare response items without timestamps).
 *
 * Which copy of a message is kept (Codex writes most text twice):
 * - User text comes from `event_msg` `user_message`: it is exactly what the person typed.
 *   `response_item` user messages are skipped in the envelope format — they are either the
 *   model-input copy of that text or context Codex injected (`<environment_context>`,
 *   AGENTS.md / `<user_instructions>`, permissions …); `developer` messages and
 *   `session_meta.base_instructions` are never stored. In the older format, which has no
 *   `event_msg`, user response items are kept unless they start with an injected wrapper.
 * - Assistant text comes from `response_item` `message` (role assistant); `event_msg`
 *   `agent_message` / `agent_reasoning` repeat it and are skipped.
 * - `reasoning` is stored only with includeThinking (its summary and plain reasoning text,
 *   never `encrypted_content`).
 * - Tool calls: `function_call`, `custom_tool_call` (apply_patch), `local_shell_call`,
 *   `web_search_call`; results: `function_call_output`, `custom_tool_call_output`. Calls to
 *   deja's own MCP server, and their outputs, are skipped.
 * - `compacted` with a message becomes a `summary`.
 * - Usage: one record per `token_count` event with `info`, keyed by the cumulative totals so a
 *   repeated event gets the same key (see TranscriptUsage).
 *
 * sourceRef is `<thread id>:<line number>` for every record. The thread id is the file's first
 * `session_meta` id; a later `session_meta` with another id (a sub-agent file copying its
 * parent's history) does not change it.
 */
export const createCodexParser: CreateParser = (options, resume) => new CodexParser(options, resume);

const ENVELOPE_TYPES = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'compacted']);
const RESPONSE_ITEM_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'web_search_call',
]);

/** User-role text that Codex wrote itself (context, instructions, notices). */
const INJECTED_PREFIXES = [
  '<environment_context',
  '<user_instructions',
  '<INSTRUCTIONS',
  '# AGENTS.md instructions',
  '<permissions instructions',
  '<turn_aborted',
  '<user_shell_command',
  '<collaboration_mode',
  '<skill',
  '<subagent_notification',
  '<personality_spec',
];
/** Older builds marked injected `user_message` events with a kind. */
const INJECTED_EVENT_KINDS = new Set(['user_instructions', 'environment_context']);

const MAX_TOOL_NAMES = 256;

interface SessionFields {
  cwd: string | null;
  gitBranch: string | null;
  model: string | null;
  clientVersion: string | null;
  timestamp: string | null;
  parentExternalId: string | null;
}

const EMPTY_FIELDS: SessionFields = {
  cwd: null,
  gitBranch: null,
  model: null,
  clientVersion: null,
  timestamp: null,
  parentExternalId: null,
};

class CodexParser {
  private threadId: string | null;
  private sidechain: boolean;
  /** What is known of the session (first values win; the model is the first one seen). */
  private fields: SessionFields;
  /** What the last emitted session record said; null before the first. */
  private emitted: SessionFields | null;
  /** Model of the latest turn_context: used for messages and usage. */
  private currentModel: string | null;
  private lastTimestamp: string | null;
  /** call_id → tool name: names tool results and finds deja's own calls. */
  private readonly toolNames: RecentMap<string>;

  constructor(
    private readonly options: ParserOptions,
    resume?: JsonObject,
  ) {
    const state = isRecord(resume) ? resume : {};
    const str = (value: unknown) => (typeof value === 'string' ? value : null);
    this.threadId = str(state.threadId);
    this.sidechain = state.sidechain === true;
    this.fields = readFields(state.fields) ?? { ...EMPTY_FIELDS };
    this.emitted = readFields(state.emitted);
    this.currentModel = str(state.currentModel);
    this.lastTimestamp = str(state.lastTimestamp);
    this.toolNames = new RecentMap(MAX_TOOL_NAMES, readPairs(state.toolNames, str));
  }

  state(): JsonObject {
    return {
      version: 1,
      threadId: this.threadId,
      sidechain: this.sidechain,
      fields: { ...this.fields },
      emitted: this.emitted ? { ...this.emitted } : null,
      currentModel: this.currentModel,
      lastTimestamp: this.lastTimestamp,
      toolNames: this.toolNames.toPairs(),
    };
  }

  line(text: string, lineNumber: number): TranscriptRecord[] {
    try {
      return this.parse(text, lineNumber);
    } catch (error) {
      // Defensive: a shape nobody foresaw must cost one line, not the file.
      return [warning(`could not read line (${error instanceof Error ? error.message : String(error)})`)];
    }
  }

  private parse(text: string, lineNumber: number): TranscriptRecord[] {
    const parsed = parseJsonObjectLine(text);
    if (!parsed.ok) return [warning(parsed.reason)];
    const obj = parsed.value;
    const type = obj.type;

    if (typeof type !== 'string') {
      if ('record_type' in obj) return []; // older format's `{"record_type":"state"}` markers
      const id = nonEmptyString(obj, 'id');
      const timestamp = nonEmptyString(obj, 'timestamp');
      if (id && timestamp) return this.legacyMeta(obj, id, timestamp);
      return [warning('JSON object without a "type" field')];
    }

    if (ENVELOPE_TYPES.has(type) && 'payload' in obj) {
      const payload = obj.payload;
      if (!isRecord(payload)) return [warning(`${type} line without a payload object`)];
      const timestamp = nonEmptyString(obj, 'timestamp');
      if (timestamp) this.lastTimestamp = timestamp;
      switch (type) {
        case 'session_meta':
          return this.sessionMeta(payload, timestamp);
        case 'turn_context':
          return this.turnContext(payload);
        case 'response_item':
          return this.responseItem(payload, lineNumber, false);
        case 'event_msg':
          return this.event(payload, lineNumber);
        default:
          return this.compacted(payload, lineNumber);
      }
    }
    // The older format: response items without an envelope (and without timestamps).
    if (RESPONSE_ITEM_TYPES.has(type) && !('payload' in obj)) return this.responseItem(obj, lineNumber, true);
    return [];
  }

  private legacyMeta(obj: JsonRecord, id: string, timestamp: string): TranscriptRecord[] {
    if (this.threadId !== null && this.threadId !== id) return [];
    this.threadId = id;
    this.lastTimestamp = timestamp;
    const git = recordField(obj, 'git');
    this.learn({ timestamp, gitBranch: git ? nonEmptyString(git, 'branch') : null });
    return this.sessionIfChanged();
  }

  private sessionMeta(payload: JsonRecord, lineTimestamp: string | null): TranscriptRecord[] {
    const id = nonEmptyString(payload, 'id');
    if (id === null) return [warning('session_meta without id')];
    // A second thread's meta inside this file (e.g. a parent's history copied into a sub-agent's
    // file): the file stays with its first thread.
    if (this.threadId !== null && this.threadId !== id) return [];
    this.threadId = id;
    const git = recordField(payload, 'git');
    const source = payload.source;
    let parentExternalId: string | null = null;
    if (isRecord(source) && 'subagent' in source) {
      this.sidechain = true;
      const subagent = source.subagent;
      const spawn = isRecord(subagent) ? recordField(subagent, 'thread_spawn') : null;
      parentExternalId = spawn ? nonEmptyString(spawn, 'parent_thread_id') : null;
    }
    this.learn({
      cwd: nonEmptyString(payload, 'cwd'),
      gitBranch: git ? nonEmptyString(git, 'branch') : null,
      clientVersion: nonEmptyString(payload, 'cli_version'),
      timestamp: nonEmptyString(payload, 'timestamp') ?? lineTimestamp,
      parentExternalId,
    });
    return this.sessionIfChanged();
  }

  private turnContext(payload: JsonRecord): TranscriptRecord[] {
    const model = nonEmptyString(payload, 'model');
    if (model) this.currentModel = model;
    this.learn({ model, cwd: nonEmptyString(payload, 'cwd') });
    return this.threadId === null ? [] : this.sessionIfChanged();
  }

  private compacted(payload: JsonRecord, lineNumber: number): TranscriptRecord[] {
    const text = (stringField(payload, 'message') ?? '').trim();
    if (!text) return [];
    return this.withMessage(lineNumber, 'compacted', (at) => [
      this.message(at, { role: 'system', type: 'summary', content: text }),
    ]);
  }

  private event(payload: JsonRecord, lineNumber: number): TranscriptRecord[] {
    const kind = payload.type;
    if (kind === 'user_message') return this.userMessageEvent(payload, lineNumber);
    if (kind === 'token_count') return this.tokenCount(payload, lineNumber);
    return [];
  }

  private userMessageEvent(payload: JsonRecord, lineNumber: number): TranscriptRecord[] {
    const eventKind = stringField(payload, 'kind');
    if (eventKind !== null && INJECTED_EVENT_KINDS.has(eventKind)) return [];
    const raw = payload.message;
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      return [warning('user_message event whose message is not text')];
    }
    let text = (raw ?? '').trim();
    if (isInjected(text)) return [];
    const images = countItems(payload.images) + countItems(payload.local_images);
    if (!text && images > 0) text = '[image]';
    if (!text) return [];
    return this.withMessage(lineNumber, 'user_message', (at) => [
      this.message(at, { role: 'user', type: 'text', content: text }),
    ]);
  }

  private tokenCount(payload: JsonRecord, lineNumber: number): TranscriptRecord[] {
    const info = payload.info;
    if (info === null || info === undefined) return []; // rate limits only
    if (!isRecord(info)) return [warning('token_count info is not an object')];
    const last = recordField(info, 'last_token_usage');
    if (last === null) return [warning('token_count without last_token_usage')];
    const total = recordField(info, 'total_token_usage');
    return this.withMessage(lineNumber, 'token_count', (at) => {
      const thread = at.threadId;
      // Cumulative totals identify the event: Codex writes each one twice.
      const key = total
        ? `${thread}:${countField(total, 'total_tokens')}:${countField(total, 'input_tokens')}:${countField(total, 'output_tokens')}`
        : `${thread}:line:${lineNumber}`;
      const usage: TranscriptUsage = {
        kind: 'usage',
        sessionExternalId: thread,
        key,
        model: this.currentModel,
        timestamp: at.timestamp,
        sidechain: this.sidechain,
        // Codex counts cached input inside input_tokens; deja's input is the uncached part (as Claude Code's).
        inputTokens: Math.max(0, countField(last, 'input_tokens') - countField(last, 'cached_input_tokens')),
        outputTokens: countField(last, 'output_tokens'),
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        cacheReadTokens: countField(last, 'cached_input_tokens'),
        reasoningTokens: countField(last, 'reasoning_output_tokens'),
      };
      return [usage];
    });
  }

  private responseItem(item: JsonRecord, lineNumber: number, legacy: boolean): TranscriptRecord[] {
    const kind = item.type;
    switch (kind) {
      case 'message':
        return this.messageItem(item, lineNumber, legacy);
      case 'reasoning':
        return this.options.includeThinking ? this.reasoning(item, lineNumber) : [];
      case 'function_call':
      case 'custom_tool_call':
      case 'local_shell_call':
      case 'web_search_call':
        return this.toolCall(item, kind, lineNumber);
      case 'function_call_output':
      case 'custom_tool_call_output':
        return this.toolOutput(item, kind, lineNumber);
      default:
        return [];
    }
  }

  private messageItem(item: JsonRecord, lineNumber: number, legacy: boolean): TranscriptRecord[] {
    const role = item.role;
    const content = item.content;
    if (typeof content !== 'string' && !Array.isArray(content)) {
      return [warning(`${typeof role === 'string' ? role : 'untyped'} message without content`)];
    }
    if (role === 'assistant') {
      const text = messageText(content).text.trim();
      if (!text) return [];
      const phase = stringField(item, 'phase');
      return this.withMessage(lineNumber, 'message', (at) => [
        this.message(at, { role: 'assistant', type: 'text', content: text, meta: phase ? { phase } : {} }),
      ]);
    }
    // Envelope format: user text is taken from event_msg user_message (see the header comment).
    if (role !== 'user' || !legacy) return [];
    const { text: raw, images } = messageText(content);
    let text = raw.trim();
    if (isInjected(text)) return [];
    if (!text && images > 0) text = '[image]';
    if (!text) return [];
    return this.withMessage(lineNumber, 'message', (at) => [
      this.message(at, { role: 'user', type: 'text', content: text }),
    ]);
  }

  private reasoning(item: JsonRecord, lineNumber: number): TranscriptRecord[] {
    const parts: string[] = [];
    for (const field of ['summary', 'content']) {
      const list = item[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (isRecord(entry) && typeof entry.text === 'string' && entry.text.trim())
          parts.push(entry.text.trim());
      }
    }
    const text = parts.join('\n\n');
    if (!text) return [];
    return this.withMessage(lineNumber, 'reasoning', (at) => [
      this.message(at, { role: 'assistant', type: 'text', content: text, meta: { thinking: true } }),
    ]);
  }

  private toolCall(item: JsonRecord, kind: string, lineNumber: number): TranscriptRecord[] {
    let name: string | null;
    let input: string;
    if (kind === 'local_shell_call') {
      name = 'local_shell';
      input = compactJson(item.action ?? {});
    } else if (kind === 'web_search_call') {
      name = 'web_search';
      input = compactJson(item.action ?? {});
    } else {
      name = nonEmptyString(item, 'name');
      const raw = kind === 'function_call' ? item.arguments : item.input;
      input = typeof raw === 'string' ? compactArguments(raw) : compactJson(raw ?? {});
    }
    if (name === null) return [warning(`${kind} without a name`)];
    const toolCallId = nonEmptyString(item, 'call_id') ?? nonEmptyString(item, 'id');
    if (toolCallId) this.toolNames.set(toolCallId, name);
    if (isOwnServerTool(name, this.options.ownServerName)) return [];
    const cut = truncateText(input, this.options.maxToolBodyChars);
    const status = stringField(item, 'status');
    return this.withMessage(lineNumber, kind, (at) => [
      this.message(at, {
        role: 'assistant',
        type: 'tool_call',
        content: `${name} ${cut.text}`,
        toolName: name,
        toolCallId,
        truncated: cut.truncated,
        meta: status ? { status } : {},
      }),
    ]);
  }

  private toolOutput(item: JsonRecord, kind: string, lineNumber: number): TranscriptRecord[] {
    const toolCallId = nonEmptyString(item, 'call_id');
    const toolName = toolCallId ? (this.toolNames.get(toolCallId) ?? null) : null;
    if (toolName && isOwnServerTool(toolName, this.options.ownServerName)) return [];
    if (!('output' in item)) return [warning(`${kind} without output`)];
    const output = outputText(item.output);
    const cut = truncateText(output.text, this.options.maxToolBodyChars);
    return this.withMessage(lineNumber, kind, (at) => [
      this.message(at, {
        role: 'tool',
        type: 'tool_result',
        content: cut.text,
        toolName,
        toolCallId,
        isError: output.isError,
        truncated: cut.truncated,
      }),
    ]);
  }

  /** Runs `build` when the line can be placed in a thread at a time; otherwise a warning. */
  private withMessage(
    lineNumber: number,
    what: string,
    build: (at: { threadId: string; timestamp: string; sourceRef: string }) => TranscriptRecord[],
  ): TranscriptRecord[] {
    if (this.threadId === null) return [warning(`${what} before session_meta`)];
    const timestamp = this.lastTimestamp ?? this.fields.timestamp;
    if (timestamp === null) return [warning(`${what} without a timestamp`)];
    return build({ threadId: this.threadId, timestamp, sourceRef: `${this.threadId}:${lineNumber}` });
  }

  private message(
    at: { threadId: string; timestamp: string; sourceRef: string },
    fields: {
      role: MessageRole;
      type: TranscriptMessage['type'];
      content: string;
      toolName?: string | null;
      toolCallId?: string | null;
      isError?: boolean;
      truncated?: boolean;
      meta?: JsonObject;
    },
  ): TranscriptMessage {
    return {
      kind: 'message',
      sessionExternalId: at.threadId,
      role: fields.role,
      type: fields.type,
      content: fields.content,
      timestamp: at.timestamp,
      sourceRef: at.sourceRef,
      model: fields.role === 'assistant' ? this.currentModel : null,
      sidechain: this.sidechain,
      toolName: fields.toolName ?? null,
      toolCallId: fields.toolCallId ?? null,
      isError: fields.isError ?? false,
      truncated: fields.truncated ?? false,
      meta: fields.meta ?? {},
    };
  }

  /** Fills fields still unknown; known ones keep their first value. */
  private learn(seen: Partial<SessionFields>): void {
    const f = this.fields;
    this.fields = {
      cwd: f.cwd ?? seen.cwd ?? null,
      gitBranch: f.gitBranch ?? seen.gitBranch ?? null,
      model: f.model ?? seen.model ?? null,
      clientVersion: f.clientVersion ?? seen.clientVersion ?? null,
      timestamp: f.timestamp ?? seen.timestamp ?? null,
      parentExternalId: f.parentExternalId ?? seen.parentExternalId ?? null,
    };
  }

  /** A session record the first time, and again whenever a field became known since. */
  private sessionIfChanged(): TranscriptRecord[] {
    if (this.threadId === null) return [];
    const f = this.fields;
    const e = this.emitted;
    if (
      e &&
      e.cwd === f.cwd &&
      e.gitBranch === f.gitBranch &&
      e.model === f.model &&
      e.clientVersion === f.clientVersion &&
      e.timestamp === f.timestamp &&
      e.parentExternalId === f.parentExternalId
    ) {
      return [];
    }
    this.emitted = { ...f };
    const record: TranscriptSessionInfo = { kind: 'session', externalId: this.threadId, ...f };
    return [record];
  }
}

function isInjected(text: string): boolean {
  return INJECTED_PREFIXES.some((prefix) => text.startsWith(prefix));
}

function countItems(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** Text of a message's content (`input_text` / `output_text` blocks, or a plain string). */
function messageText(content: string | unknown[]): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  const parts: string[] = [];
  let images = 0;
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'input_image') images += 1;
  }
  return { text: parts.join('\n'), images };
}

/** `function_call.arguments` is a JSON string: re-serialise it compactly when it parses. */
function compactArguments(raw: string): string {
  try {
    return compactJson(JSON.parse(raw));
  } catch {
    return raw;
  }
}

/**
 * A tool output as text, and whether it reports failure. Outputs are a string (older exec
 * outputs are a JSON string `{output, metadata: {exit_code}}`), a list of content items, or an
 * object `{content, success}`.
 */
function outputText(output: unknown): { text: string; isError: boolean } {
  if (typeof output === 'string') {
    if (output.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(output);
        if (isRecord(parsed) && typeof parsed.output === 'string') {
          const metadata = recordField(parsed, 'metadata');
          const exitCode = metadata?.exit_code;
          return { text: parsed.output, isError: typeof exitCode === 'number' && exitCode !== 0 };
        }
      } catch {
        // Not JSON after all: plain text.
      }
    }
    return { text: output, isError: failedExitCode(output) };
  }
  if (Array.isArray(output)) {
    const parts: string[] = [];
    for (const item of output) {
      if (typeof item === 'string') parts.push(item);
      else if (isRecord(item) && typeof item.text === 'string') parts.push(item.text);
      else if (isRecord(item) && item.type === 'input_image') parts.push('[image]');
    }
    return { text: parts.join('\n'), isError: false };
  }
  if (isRecord(output)) {
    const inner =
      'content' in output ? outputText(output.content) : { text: compactJson(output), isError: false };
    return { text: inner.text, isError: output.success === false || inner.isError };
  }
  if (output === null || output === undefined) return { text: '', isError: false };
  return { text: compactJson(output), isError: false };
}

/**
 * Exec outputs start with a header saying "Process exited with code N" (current) or
 * "Exit code: N" (older) before "Output:"; only the header is looked at, not the output itself.
 */
function failedExitCode(text: string): boolean {
  const head = text.slice(0, 500);
  const outputAt = head.indexOf('Output:');
  const header = outputAt === -1 ? head : head.slice(0, outputAt);
  const match = /^(?:Process exited with code|Exit code:) (\d+)/m.exec(header);
  return match?.[1] !== undefined && match[1] !== '0';
}

function warning(reason: string): TranscriptWarning {
  return { kind: 'warning', reason };
}

function readFields(value: unknown): SessionFields | null {
  if (!isRecord(value)) return null;
  const str = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : null);
  return {
    cwd: str('cwd'),
    gitBranch: str('gitBranch'),
    model: str('model'),
    clientVersion: str('clientVersion'),
    timestamp: str('timestamp'),
    parentExternalId: str('parentExternalId'),
  };
}
