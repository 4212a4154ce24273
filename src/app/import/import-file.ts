import type { JsonObject } from '../../core/types.js';
import { readJsonlLines } from '../../importers/line-reader.js';
import { TRANSCRIPT_PARSERS } from '../../importers/parsers.js';
import type {
  ParserOptions,
  TranscriptMessage,
  TranscriptSource,
  TranscriptUsage,
} from '../../importers/transcript-types.js';
import type { TokenUsage } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import { extractGraphQuietly } from '../graph/extract-graph.js';
import { appendMessages, type IncomingMessage } from '../messages/append-messages.js';
import { HEAD_BYTES, headHash, resumePoint, snapshotFile } from './file-position.js';
import { TranscriptSessions } from './transcript-sessions.js';

/** Records held before they are written (and the file position saved). */
const FLUSH_EVERY = 2000;

export interface FileImportOptions {
  parser: ParserOptions;
  maxLineBytes: number;
  /** Called with the bytes consumed so far in this file (for progress). */
  onBytes?: (bytes: number) => void;
  /** Wall-clock time (epoch ms) after which the import stops at the next saved batch; the rest waits for the next import. */
  deadline?: number;
}

export interface TokenTotals {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export interface FileImportResult {
  path: string;
  source: TranscriptSource;
  /** False when nothing was new since the last import. */
  changed: boolean;
  /** Why the file was read from the start again, if it was. */
  restart: string | null;
  bytesRead: number;
  linesRead: number;
  messages: number;
  toolCalls: number;
  /** Model responses seen for the first time, and their tokens. */
  responses: number;
  tokens: TokenTotals;
  insights: number;
  sessionIds: string[];
  /** Lines skipped (malformed, too long, not UTF-8), each with its line number. */
  problems: { line: number; reason: string }[];
  /** True when the deadline stopped the import before the end of the file. */
  stoppedEarly: boolean;
}

const emptyTokens = (): TokenTotals => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });

/**
 * Imports what is new in one transcript file: reads complete lines from where
 * the last import stopped, parses them, stores messages and token usage, and
 * saves the position after every batch, so an interrupted import resumes
 * without losing or doubling anything (messages are keyed by source reference,
 * usage by response).
 */
export async function importTranscriptFile(
  deps: AppDeps,
  file: { path: string; source: TranscriptSource },
  options: FileImportOptions,
): Promise<FileImportResult> {
  const result: FileImportResult = {
    path: file.path,
    source: file.source,
    changed: false,
    restart: null,
    bytesRead: 0,
    linesRead: 0,
    messages: 0,
    toolCalls: 0,
    responses: 0,
    tokens: emptyTokens(),
    insights: 0,
    sessionIds: [],
    problems: [],
    stoppedEarly: false,
  };
  const snapshot = await snapshotFile(file.path);
  const previous = await deps.store.getTranscriptFile(file.path);
  const start = await resumePoint(file.path, previous, snapshot);
  result.restart = start.restart;
  if (previous && start.restart === null && snapshot.size === start.offset) return result;
  result.changed = true;

  const parser = TRANSCRIPT_PARSERS[file.source](options.parser, start.parserState);
  const sessions = new TranscriptSessions(deps, file.source);
  let messages: TranscriptMessage[] = [];
  let usage: TranscriptUsage[] = [];
  let offset = start.offset;
  let lineNumber = start.lineNumber;

  const flush = async () => {
    await storeMessages(deps, sessions, file.source, messages, result);
    await storeUsage(deps, sessions, file.source, usage, result);
    messages = [];
    usage = [];
    const head = await headHash(file.path, Math.min(HEAD_BYTES, offset));
    await deps.store.saveTranscriptFile({
      path: file.path,
      source: file.source,
      identity: snapshot.identity,
      headHash: head.hash,
      headBytes: head.bytes,
      offset,
      lineNumber,
      parserState: parser.state(),
      importedAt: deps.clock.now().toISOString(),
    });
  };

  for await (const item of readJsonlLines(file.path, {
    fromOffset: start.offset,
    fromLine: start.lineNumber,
    maxLineBytes: options.maxLineBytes,
    completeLastLine: true,
  })) {
    offset = item.endOffset;
    lineNumber = item.lineNumber;
    result.linesRead++;
    if (item.kind === 'problem') {
      result.problems.push({ line: item.lineNumber, reason: item.reason });
      continue;
    }
    for (const record of parser.line(item.text, item.lineNumber)) {
      if (record.kind === 'session') sessions.describe(record);
      else if (record.kind === 'message') messages.push(record);
      else if (record.kind === 'usage') usage.push(record);
      else result.problems.push({ line: item.lineNumber, reason: record.reason });
    }
    if (messages.length + usage.length >= FLUSH_EVERY) {
      await flush();
      options.onBytes?.(offset - start.offset);
      if (options.deadline !== undefined && Date.now() >= options.deadline) {
        result.stoppedEarly = true;
        break;
      }
    }
  }
  await flush();
  result.bytesRead = offset - start.offset;
  options.onBytes?.(result.bytesRead);
  result.sessionIds = sessions.touched();
  return result;
}

async function storeMessages(
  deps: AppDeps,
  sessions: TranscriptSessions,
  source: TranscriptSource,
  records: TranscriptMessage[],
  result: FileImportResult,
): Promise<void> {
  const toIncoming = (record: TranscriptMessage) => incomingMessage(source, record);
  const byConversation = new Map<string, TranscriptMessage[]>();
  for (const record of records) {
    if (record.content.trim().length === 0) continue;
    const list = byConversation.get(record.sessionExternalId);
    if (list) list.push(record);
    else byConversation.set(record.sessionExternalId, [record]);
  }
  for (const [externalId, list] of byConversation) {
    const session = await sessions.resolve(externalId, list);
    const calls = list.filter((record) => record.type === 'tool_call').map(toIncoming);
    const others = list.filter((record) => record.type !== 'tool_call').map(toIncoming);
    const storedCalls = calls.length > 0 ? await appendMessages(deps, session, calls) : null;
    const storedOthers = others.length > 0 ? await appendMessages(deps, session, others) : null;
    if (storedCalls && storedCalls.inserted > 0) {
      const sources = calls.map((call) => ({ content: call.content, at: call.createdAt }));
      await extractGraphQuietly(deps, session.projectId, sources);
    }
    result.toolCalls += storedCalls?.inserted ?? 0;
    result.messages += (storedCalls?.inserted ?? 0) + (storedOthers?.inserted ?? 0);
    result.insights += storedOthers?.insights ?? 0;
    const latest = list
      .map((record) => record.timestamp)
      .sort()
      .at(-1);
    if (latest) await deps.store.extendSession(session.id, latest);
  }
}

async function storeUsage(
  deps: AppDeps,
  sessions: TranscriptSessions,
  source: TranscriptSource,
  records: TranscriptUsage[],
  result: FileImportResult,
): Promise<void> {
  if (records.length === 0) return;
  const rows: TokenUsage[] = [];
  for (const record of records) {
    const session = await sessions.resolve(record.sessionExternalId, []);
    rows.push({
      key: `${source}:${record.key}`,
      source,
      sessionId: session.id,
      projectId: session.projectId,
      model: record.model,
      sidechain: record.sidechain,
      createdAt: record.timestamp,
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      cacheWrite1hTokens: record.cacheWrite1hTokens,
      cacheReadTokens: record.cacheReadTokens,
      reasoningTokens: record.reasoningTokens,
    });
  }
  // A response written over several lines repeats its key: merged here, stored once.
  const merged = new Map<string, TokenUsage>();
  for (const row of rows) {
    const seen = merged.get(row.key);
    merged.set(row.key, seen ? maxUsage(seen, row) : row);
  }
  const stored = await deps.store.recordUsage([...merged.values()]);
  result.responses += stored.inserted;
  for (const row of merged.values()) {
    result.tokens.input += row.inputTokens;
    result.tokens.output += row.outputTokens;
    result.tokens.cacheWrite += row.cacheWriteTokens;
    result.tokens.cacheRead += row.cacheReadTokens;
  }
}

function maxUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    ...a,
    model: a.model ?? b.model,
    inputTokens: Math.max(a.inputTokens, b.inputTokens),
    outputTokens: Math.max(a.outputTokens, b.outputTokens),
    cacheWriteTokens: Math.max(a.cacheWriteTokens, b.cacheWriteTokens),
    cacheWrite1hTokens: Math.max(a.cacheWrite1hTokens, b.cacheWrite1hTokens),
    cacheReadTokens: Math.max(a.cacheReadTokens, b.cacheReadTokens),
    reasoningTokens: Math.max(a.reasoningTokens, b.reasoningTokens),
  };
}

/** A parsed message as stored: its source reference made unique across sources, its marks in meta. */
function incomingMessage(source: TranscriptSource, record: TranscriptMessage): IncomingMessage {
  const meta: JsonObject = { type: record.type };
  if (record.model) meta.model = record.model;
  if (record.sidechain) meta.sidechain = true;
  if (record.toolName) meta.tool = record.toolName;
  if (record.toolCallId) meta.tool_call_id = record.toolCallId;
  if (record.isError) meta.is_error = true;
  if (record.truncated) meta.truncated = true;
  for (const [key, value] of Object.entries(record.meta))
    if (value !== null && value !== undefined) meta[key] = value;
  return {
    role: record.role,
    content: record.content,
    createdAt: record.timestamp,
    sourceRef: `${source}:${record.sourceRef}`,
    meta,
  };
}
