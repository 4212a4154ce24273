import { stat } from 'node:fs/promises';
import { discoverTranscripts } from '../../importers/discover-transcripts.js';
import type { TranscriptSource } from '../../importers/transcript-types.js';
import type { AssistantFolders } from '../../user-home.js';
import type { AppDeps } from '../deps.js';
import { archiveTranscript } from './archive-transcript.js';
import { type FileImportResult, importTranscriptFile, type TokenTotals } from './import-file.js';

export interface ImportRequest {
  /** Where the assistants keep their transcripts (the user's home). */
  userHome: string;
  /** Their folders, when not `<userHome>/.claude` and `.codex` (CLAUDE_CONFIG_DIR, CODEX_HOME). */
  folders?: Pick<AssistantFolders, 'claude' | 'codex'>;
  source?: TranscriptSource;
  /** A file or folder to import instead of the assistants' default folders. */
  path?: string;
  /** Only files changed since then. */
  since?: Date;
  /** Overrides the configured archive setting. */
  archive?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Wall-clock time (epoch ms) after which the import stops at the next saved
   * batch (a hook's time budget); what is left is imported next time.
   */
  deadline?: number;
  /**
   * Size and modification time of each file when last imported (the watcher
   * keeps it between rounds): a file that has not changed is not opened.
   */
  seen?: Map<string, string>;
}

export interface ImportProgress {
  file: string;
  filesDone: number;
  files: number;
  bytesDone: number;
  bytes: number;
}

export interface ImportSummary {
  files: number;
  /** Files with something new. */
  filesChanged: number;
  sessions: number;
  messages: number;
  toolCalls: number;
  responses: number;
  tokens: TokenTotals;
  insights: number;
  bytesRead: number;
  skippedLines: number;
  archived: number;
  /** `file:line reason`, and files that could not be read (first 100). */
  warnings: string[];
  /** True when the deadline stopped the import with lines or files left for the next one. */
  stoppedEarly?: boolean;
}

const MAX_WARNINGS = 100;

/**
 * `deja import`: finds the assistants' transcripts (or the given path), imports
 * what is new in each, archives them when asked, and sums it up. A file that
 * fails is reported and the others go on.
 */
export async function importTranscripts(deps: AppDeps, request: ImportRequest): Promise<ImportSummary> {
  const found = await discoverTranscripts({
    userHome: request.userHome,
    ...(request.folders ? { folders: request.folders } : {}),
    ...(request.source ? { source: request.source } : {}),
    ...(request.path ? { path: request.path } : {}),
  });
  const summary: ImportSummary = {
    files: 0,
    filesChanged: 0,
    sessions: 0,
    messages: 0,
    toolCalls: 0,
    responses: 0,
    tokens: { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 },
    insights: 0,
    bytesRead: 0,
    skippedLines: 0,
    archived: 0,
    warnings: [],
  };
  const warn = (text: string) => {
    if (summary.warnings.length < MAX_WARNINGS) summary.warnings.push(text);
  };
  found.warnings.forEach(warn);

  const sizes = new Map<string, number>();
  const files = [];
  for (const file of found.files) {
    const info = await stat(file.path).catch(() => null);
    if (!info) continue;
    if (request.since && info.mtime < request.since) continue;
    const fingerprint = `${info.size}:${info.mtimeMs}`;
    if (request.seen?.get(file.path) === fingerprint) continue;
    request.seen?.set(file.path, fingerprint);
    sizes.set(file.path, info.size);
    files.push(file);
  }
  const totalBytes = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  const sessions = new Set<string>();
  const archive = request.archive ?? deps.config.transcripts.archive;
  let bytesBefore = 0;
  for (const [index, file] of files.entries()) {
    summary.files++;
    const report = (bytes: number) =>
      request.onProgress?.({
        file: file.path,
        filesDone: index,
        files: files.length,
        bytesDone: Math.min(totalBytes, bytesBefore + bytes),
        bytes: totalBytes,
      });
    let result: FileImportResult;
    try {
      result = await importTranscriptFile(deps, file, {
        parser: {
          maxToolBodyChars: deps.config.transcripts.maxToolBodyChars,
          includeThinking: deps.config.transcripts.includeThinking,
          ownServerName: 'deja',
        },
        maxLineBytes: deps.config.transcripts.maxLineBytes,
        onBytes: report,
        ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
      });
    } catch (error) {
      warn(`${file.path}: not imported — ${error instanceof Error ? error.message : String(error)}`);
      bytesBefore += sizes.get(file.path) ?? 0;
      continue;
    }
    bytesBefore += sizes.get(file.path) ?? 0;
    report(0);
    addUp(summary, result, sessions, warn);
    if (result.stoppedEarly) {
      // Not seen as done: a watcher must come back to the rest of this file and to the files after it.
      for (const left of files.slice(index)) request.seen?.delete(left.path);
      summary.stoppedEarly = true;
      break;
    }
    if (archive && result.changed) {
      try {
        await archiveTranscript(deps.config.home, request.userHome, file);
        summary.archived++;
      } catch (error) {
        warn(`${file.path}: not archived — ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (request.deadline !== undefined && Date.now() >= request.deadline && index < files.length - 1) {
      for (const left of files.slice(index + 1)) request.seen?.delete(left.path);
      summary.stoppedEarly = true;
      break;
    }
  }
  summary.sessions = sessions.size;
  return summary;
}

function addUp(
  summary: ImportSummary,
  result: FileImportResult,
  sessions: Set<string>,
  warn: (text: string) => void,
): void {
  if (result.changed) summary.filesChanged++;
  if (result.restart) warn(`${result.path}: read again from the start (${result.restart})`);
  summary.messages += result.messages;
  summary.toolCalls += result.toolCalls;
  summary.responses += result.responses;
  summary.insights += result.insights;
  summary.bytesRead += result.bytesRead;
  summary.skippedLines += result.problems.length;
  summary.tokens.input += result.tokens.input;
  summary.tokens.output += result.tokens.output;
  summary.tokens.cacheWrite += result.tokens.cacheWrite;
  summary.tokens.cacheRead += result.tokens.cacheRead;
  for (const id of result.sessionIds) sessions.add(id);
  for (const problem of result.problems) warn(`${result.path}:${problem.line}: ${problem.reason}`);
}
