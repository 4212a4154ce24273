import { createClaudeCodeParser } from './claude-code/parse-claude-code.js';
import { createCodexParser } from './codex/parse-codex.js';
import type { CreateParser, TranscriptSource } from './transcript-types.js';

/** The parser of each transcript source. */
export const TRANSCRIPT_PARSERS: Record<TranscriptSource, CreateParser> = {
  'claude-code': createClaudeCodeParser,
  codex: createCodexParser,
};
