import type { JsonObject } from '../../src/core/types.js';
import { readJsonlLines } from '../../src/importers/line-reader.js';
import type {
  CreateParser,
  ParserOptions,
  TranscriptMessage,
  TranscriptRecord,
  TranscriptUsage,
} from '../../src/importers/transcript-types.js';

/** Reads a file the way the importer does (line reader → parser), optionally from a resume point. */
export async function parseFile(
  path: string,
  create: CreateParser,
  options: ParserOptions,
  from: { offset: number; line: number; state?: JsonObject } = { offset: 0, line: 0 },
  stopAfterLine = Number.POSITIVE_INFINITY,
) {
  const parser = create(options, from.state);
  const records: TranscriptRecord[] = [];
  let endOffset = from.offset;
  let lastLine = from.line;
  for await (const item of readJsonlLines(path, {
    fromOffset: from.offset,
    fromLine: from.line,
    maxLineBytes: 8 * 1024 * 1024,
  })) {
    if (item.kind === 'line') records.push(...parser.line(item.text, item.lineNumber));
    else records.push({ kind: 'warning', reason: item.reason });
    endOffset = item.endOffset;
    lastLine = item.lineNumber;
    if (item.lineNumber >= stopAfterLine) break;
  }
  return { records, state: JSON.parse(JSON.stringify(parser.state())) as JsonObject, endOffset, lastLine };
}

export const messagesOf = (records: TranscriptRecord[]) =>
  records.filter((r): r is TranscriptMessage => r.kind === 'message');

/** Messages counted by `type/role`, usage totals after the field-wise max per key (what the store keeps). */
export function summarizeRecords(records: TranscriptRecord[]) {
  const messages: Record<string, number> = {};
  for (const m of messagesOf(records))
    messages[`${m.type}/${m.role}`] = (messages[`${m.type}/${m.role}`] ?? 0) + 1;
  const usages = records.filter((r): r is TranscriptUsage => r.kind === 'usage');
  const byKey = new Map<string, TranscriptUsage>();
  for (const u of usages) {
    const seen = byKey.get(u.key);
    byKey.set(
      u.key,
      seen
        ? {
            ...seen,
            inputTokens: Math.max(seen.inputTokens, u.inputTokens),
            outputTokens: Math.max(seen.outputTokens, u.outputTokens),
            cacheWriteTokens: Math.max(seen.cacheWriteTokens, u.cacheWriteTokens),
            cacheWrite1hTokens: Math.max(seen.cacheWrite1hTokens, u.cacheWrite1hTokens),
            cacheReadTokens: Math.max(seen.cacheReadTokens, u.cacheReadTokens),
            reasoningTokens: Math.max(seen.reasoningTokens, u.reasoningTokens),
          }
        : u,
    );
  }
  const sum = (pick: (u: TranscriptUsage) => number) => [...byKey.values()].reduce((t, u) => t + pick(u), 0);
  return {
    messages,
    warnings: records.filter((r) => r.kind === 'warning').length,
    usageRecords: usages.length,
    usageKeys: byKey.size,
    totals: {
      input: sum((u) => u.inputTokens),
      output: sum((u) => u.outputTokens),
      cacheWrite: sum((u) => u.cacheWriteTokens),
      cacheWrite1h: sum((u) => u.cacheWrite1hTokens),
      cacheRead: sum((u) => u.cacheReadTokens),
      reasoning: sum((u) => u.reasoningTokens),
    },
  };
}
