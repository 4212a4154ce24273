/** Above this share of the context window: compact soon. */
export const COMPACT_SOON = 0.7;
/** Above this share: compact now. */
export const COMPACT_NOW = 0.85;

export type CompactionLevel = 'ok' | 'compact_soon' | 'compact_now';

export interface CompactionAdvice {
  level: CompactionLevel;
  /** Share of the window in use, 0–100 with one decimal. */
  percent: number;
  tokensLeft: number;
  recommendation: string;
}

/** What to do at a given context size: nothing below 70 %, compact soon above, compact now above 85 %. */
export function adviseCompaction(tokens: number, window: number): CompactionAdvice {
  const share = window > 0 ? tokens / window : 1;
  const percent = Math.round(share * 1000) / 10;
  const tokensLeft = Math.max(0, window - tokens);
  if (share > COMPACT_NOW) {
    return {
      level: 'compact_now',
      percent,
      tokensLeft,
      recommendation: `Compact now: ${percent}% of the context window is used. Save a checkpoint (or run compaction_advice with prepare: true), then /compact.`,
    };
  }
  if (share > COMPACT_SOON) {
    return {
      level: 'compact_soon',
      percent,
      tokensLeft,
      recommendation: `Compact soon: ${percent}% of the context window is used. Finish the current step, then checkpoint and /compact.`,
    };
  }
  return {
    level: 'ok',
    percent,
    tokensLeft,
    recommendation: `No need to compact: ${percent}% of the context window is used.`,
  };
}
