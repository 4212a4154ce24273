import { readJsonlLines } from '../../importers/line-reader.js';

/** How large a conversation's context is right now, read from its transcript. */
export interface ContextEstimate {
  tokens: number;
  /** `usage`: the latest reported usage; `chars`: characters / 4 since the last compaction. */
  method: 'usage' | 'chars';
  source: 'claude-code' | 'codex' | 'unknown';
  model: string | null;
  /** The window the transcript itself reports (Codex `model_context_window`), if any. */
  reportedWindow: number | null;
  /** Messages counted for the character estimate (since the last compaction). */
  messagesSinceCompaction: number;
  compactions: number;
}

const MAX_LINE_BYTES = 32 * 1024 * 1024;
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Characters of the text a message puts in the context (text, tool inputs and results; no signatures). */
export function contentChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + contentChars(item), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const key of ['text', 'thinking', 'content', 'output', 'arguments']) sum += contentChars(value[key]);
  if (value.input !== undefined) sum += JSON.stringify(value.input).length;
  return sum;
}

/**
 * Estimates the live context of a Claude Code or Codex transcript.
 *
 * Claude Code: every assistant response reports `usage`; for the last one of
 * the main chain (not a sidechain), input + cache read + cache write tokens is
 * exactly what the model saw, i.e. the current context size. Codex: the last
 * `token_count` event's `last_token_usage.input_tokens`. A compaction
 * (Claude Code `compact_boundary`, Codex `compacted`) makes earlier usage
 * stale; with no usage after it, the estimate is characters / 4 of the
 * messages since.
 */
export async function estimateContext(path: string): Promise<ContextEstimate> {
  let source: ContextEstimate['source'] = 'unknown';
  let model: string | null = null;
  let usage: number | null = null;
  let reportedWindow: number | null = null;
  let chars = 0;
  let messages = 0;
  let compactions = 0;
  const compacted = () => {
    compactions++;
    usage = null;
    chars = 0;
    messages = 0;
  };
  for await (const item of readJsonlLines(path, {
    fromOffset: 0,
    fromLine: 0,
    maxLineBytes: MAX_LINE_BYTES,
    completeLastLine: true,
  })) {
    if (item.kind !== 'line') continue;
    let line: unknown;
    try {
      line = JSON.parse(item.text);
    } catch {
      continue;
    }
    if (!isObject(line)) continue;
    const type = line.type;
    // Claude Code
    if (type === 'system' && line.subtype === 'compact_boundary') {
      source = 'claude-code';
      compacted();
      continue;
    }
    if ((type === 'user' || type === 'assistant') && isObject(line.message)) {
      source = 'claude-code';
      if (line.isSidechain === true) continue;
      const message = line.message;
      chars += contentChars(message.content);
      messages++;
      if (type === 'assistant' && isObject(message.usage) && message.model !== '<synthetic>') {
        const u = message.usage;
        usage =
          count(u.input_tokens) + count(u.cache_read_input_tokens) + count(u.cache_creation_input_tokens);
        if (typeof message.model === 'string') model = message.model;
      }
      continue;
    }
    // Codex CLI rollouts
    const payload = line.payload;
    if (!isObject(payload)) continue;
    if (type === 'session_meta' || type === 'turn_context') {
      source = 'codex';
      if (typeof payload.model === 'string') model = payload.model;
    } else if (type === 'compacted') {
      source = 'codex';
      compacted();
    } else if (type === 'event_msg' && payload.type === 'token_count' && isObject(payload.info)) {
      source = 'codex';
      const last = payload.info.last_token_usage;
      if (isObject(last)) usage = count(last.input_tokens);
      if (typeof payload.info.model_context_window === 'number')
        reportedWindow = payload.info.model_context_window;
    } else if (type === 'response_item') {
      source = 'codex';
      chars += contentChars(payload);
      messages++;
    }
  }
  return {
    tokens: usage ?? Math.ceil(chars / 4),
    method: usage === null ? 'chars' : 'usage',
    source,
    model,
    reportedWindow,
    messagesSinceCompaction: messages,
    compactions,
  };
}
