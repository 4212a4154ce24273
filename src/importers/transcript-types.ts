import type { JsonObject, MessageRole } from '../core/types.js';

/**
 * What a transcript parser reads out of an assistant's own transcript files
 * (Claude Code session JSONL, Codex CLI rollouts; see ../shared/TRANSCRIPTS.md).
 * Parsers are pure: they see one line at a time and return records; reading
 * files, offsets and storing belong to the import use case.
 */
export const TRANSCRIPT_SOURCES = ['claude-code', 'codex'] as const;
export type TranscriptSource = (typeof TRANSCRIPT_SOURCES)[number];

/** The conversation a record belongs to, as its source names it. */
export interface TranscriptSessionInfo {
  kind: 'session';
  /** Claude Code `sessionId`, Codex thread id (`session_meta.id`). */
  externalId: string;
  cwd: string | null;
  gitBranch: string | null;
  model: string | null;
  /** Claude Code `version`, Codex `cli_version`. */
  clientVersion: string | null;
  /** The first timestamp seen for this conversation. */
  timestamp: string | null;
  /** A sub-agent's parent conversation, when the source says so. */
  parentExternalId: string | null;
}

/** One stored message: user or assistant text, a tool call, a tool result, a summary. */
export interface TranscriptMessage {
  kind: 'message';
  sessionExternalId: string;
  role: MessageRole;
  /** text: what was typed or said; tool_call: name + input; tool_result: the output (truncated); summary: compaction or branch summary. */
  type: 'text' | 'tool_call' | 'tool_result' | 'summary';
  content: string;
  timestamp: string;
  /** Stable and unique within the source (e.g. `<uuid>`, `<uuid>#<block>`, `<thread>:<line>`): re-import adds nothing. */
  sourceRef: string;
  model: string | null;
  /** Claude Code `isSidechain` / sub-agent lines, Codex sub-agent threads. */
  sidechain: boolean;
  toolName: string | null;
  toolCallId: string | null;
  /** Tool result marked as an error by the source. */
  isError: boolean;
  /** True when the content was cut at the configured size (see ParserOptions.maxToolBodyChars). */
  truncated: boolean;
  /** Source-specific extras worth keeping (uuid, parentUuid, agentId, cwd, gitBranch …); small values only. */
  meta: JsonObject;
}

/**
 * Token usage of one model response. The same response can appear on several
 * lines (Claude Code writes one line per content block, Codex repeats
 * token_count events): the store keeps one row per `key` and, for a repeated
 * key, the field-wise maximum — so parsers emit every occurrence.
 */
export interface TranscriptUsage {
  kind: 'usage';
  sessionExternalId: string;
  /**
   * Claude Code `<message.id>:<requestId>`; Codex `<thread id>:<total_tokens>:<input_tokens>:<output_tokens>`
   * of the cumulative `total_token_usage` (an event written twice gets the same key).
   */
  key: string;
  model: string | null;
  timestamp: string;
  sidechain: boolean;
  /**
   * Input tokens not read from a cache, for every source. Claude Code reports them so
   * (`input_tokens`, with cache reads and writes apart); Codex's `input_tokens` includes
   * `cached_input_tokens`, so its parser subtracts them (they are cacheReadTokens).
   */
  inputTokens: number;
  /** Output tokens (Codex: includes reasoningTokens). */
  outputTokens: number;
  /** Cache writes (Claude Code `cache_creation_input_tokens`; 0 for Codex). */
  cacheWriteTokens: number;
  /** Of which 1-hour cache writes (priced differently from 5-minute ones). */
  cacheWrite1hTokens: number;
  /** Cache reads (Claude Code `cache_read_input_tokens`, Codex `cached_input_tokens`). */
  cacheReadTokens: number;
  /** Codex `reasoning_output_tokens` (part of output); 0 when absent. */
  reasoningTokens: number;
}

/** A line the parser could not use, reported as `file:line` by the caller. */
export interface TranscriptWarning {
  kind: 'warning';
  reason: string;
}

export type TranscriptRecord =
  | TranscriptSessionInfo
  | TranscriptMessage
  | TranscriptUsage
  | TranscriptWarning;

export interface ParserOptions {
  /** Tool inputs and results longer than this are cut (and marked truncated). */
  maxToolBodyChars: number;
  /** Store thinking / reasoning summaries (off by default). */
  includeThinking: boolean;
  /** MCP server name whose own tool traffic is not re-imported as noise (default `deja`). */
  ownServerName: string;
}

/**
 * A parser for one file. `line` gets each complete line (without its newline)
 * with its 1-based number; it never throws for bad input (it returns a warning).
 * State carried between lines (the file's session id, the current model) lives
 * in the parser; `state()`/restore let an incremental import resume mid-file.
 */
export interface TranscriptParser {
  line(text: string, lineNumber: number): TranscriptRecord[];
  /** JSON-serialisable state to resume after the last line given. */
  state(): JsonObject;
}

export type CreateParser = (options: ParserOptions, resume?: JsonObject) => TranscriptParser;
