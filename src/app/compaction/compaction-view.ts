import { z } from 'zod';
import type { CompactionAdviceResult } from './compaction-advice.js';

/** Output of `compaction_advice` and `deja compact-advice --json`. */
export const compactionAdviceOutput = {
  transcript_path: z.string(),
  source: z.string(),
  model: z.string().nullable(),
  method: z.string(),
  tokens: z.number(),
  context_window: z.number(),
  window_source: z.string(),
  percent: z.number(),
  tokens_left: z.number(),
  level: z.string(),
  recommendation: z.string(),
  compactions: z.number(),
  summary: z.string().nullable(),
  checkpoint_id: z.string().nullable(),
};

export function toCompactionAdviceView(result: CompactionAdviceResult) {
  return {
    transcript_path: result.transcriptPath,
    source: result.estimate.source,
    model: result.estimate.model,
    method: result.estimate.method,
    tokens: result.estimate.tokens,
    context_window: result.contextWindow,
    window_source: result.windowSource,
    percent: result.advice.percent,
    tokens_left: result.advice.tokensLeft,
    level: result.advice.level,
    recommendation: result.advice.recommendation,
    compactions: result.estimate.compactions,
    summary: result.summary?.text ?? null,
    checkpoint_id: result.summary?.checkpoint.id ?? null,
  };
}

export function compactionAdviceText(result: CompactionAdviceResult): string {
  const how =
    result.estimate.method === 'usage' ? 'from the last reported usage' : 'estimated from characters';
  const lines = [
    `Context: ${result.estimate.tokens.toLocaleString('en-US')} of ${result.contextWindow.toLocaleString('en-US')} tokens (${result.advice.percent}%, ${how}${result.estimate.model ? `, ${result.estimate.model}` : ''}).`,
    result.advice.recommendation,
  ];
  if (result.summary) {
    lines.push(`Summary stored as checkpoint "${result.summary.checkpoint.name}":`, '', result.summary.text);
  }
  return lines.join('\n');
}
