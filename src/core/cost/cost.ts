import { findPrice, type ModelPrice, type PriceTable } from './price-table.js';

/**
 * Token counts as the importers store them. `inputTokens` is uncached input for
 * every source (Claude Code and Codex alike); `cacheWrite1hTokens` is the part of
 * `cacheWriteTokens` written with a 1-hour lifetime; output includes reasoning.
 */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
}

/** Usage of one model (null: the transcript named none) within some group. */
export interface ModelUsage extends TokenCounts {
  model: string | null;
  responses: number;
}

export interface PricedUsage extends ModelUsage {
  /** The price-table key that matched, or null when the model has no price. */
  priceKey: string | null;
  /** US dollars; null when the model has no price (never zero for an unknown model). */
  costUsd: number | null;
}

/** A model that used tokens but has no price in the table. */
export interface UnpricedModel {
  model: string;
  responses: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
}

export interface CostEstimate {
  /** Dollars for all the tokens, or null when some came from an unpriced model. */
  costUsd: number | null;
  /** Dollars for the priced models only: a lower bound when `unpricedTokens` > 0. */
  pricedCostUsd: number;
  unpricedTokens: number;
  unpricedModels: UnpricedModel[];
  rows: PricedUsage[];
}

export const UNKNOWN_MODEL = 'unknown';

export function totalTokens(tokens: TokenCounts): number {
  return tokens.inputTokens + tokens.outputTokens + tokens.cacheWriteTokens + tokens.cacheReadTokens;
}

/** Dollars rounded to a millionth (a token costs at most a few ten-thousandths). */
export function roundUsd(dollars: number): number {
  return Math.round(dollars * 1_000_000) / 1_000_000;
}

/** Unrounded dollars for token counts at one price; 1-hour cache writes are priced apart from 5-minute ones. */
export function priceTokens(price: ModelPrice, tokens: TokenCounts): number {
  const write1h = Math.min(tokens.cacheWrite1hTokens, tokens.cacheWriteTokens);
  const write5m = tokens.cacheWriteTokens - write1h;
  return (
    (tokens.inputTokens * price.input +
      tokens.outputTokens * price.output +
      write5m * price.cacheWrite5m +
      write1h * price.cacheWrite1h +
      tokens.cacheReadTokens * price.cacheRead) /
    1_000_000
  );
}

/**
 * Prices usage rows with the table and adds them up. A model not in the table is
 * reported (in `unpricedModels`, with its token counts) and makes the total cost
 * null; `pricedCostUsd` still says what the priced part costs. A model that used
 * no tokens costs nothing, priced or not.
 */
export function estimateCost(rows: readonly ModelUsage[], table: PriceTable): CostEstimate {
  const priced: PricedUsage[] = [];
  const unpriced = new Map<string, UnpricedModel>();
  let sum = 0;
  let unpricedTokens = 0;
  for (const row of rows) {
    const tokens = totalTokens(row);
    const match = findPrice(table, row.model);
    if (match) {
      const dollars = priceTokens(match.price, row);
      sum += dollars;
      priced.push({ ...row, priceKey: match.key, costUsd: roundUsd(dollars) });
      continue;
    }
    priced.push({ ...row, priceKey: null, costUsd: tokens === 0 ? 0 : null });
    if (tokens === 0) continue;
    unpricedTokens += tokens;
    const name = row.model ?? UNKNOWN_MODEL;
    const seen = unpriced.get(name) ?? {
      model: name,
      responses: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheWriteTokens: 0,
      cacheReadTokens: 0,
      totalTokens: 0,
    };
    seen.responses += row.responses;
    seen.inputTokens += row.inputTokens;
    seen.outputTokens += row.outputTokens;
    seen.cacheWriteTokens += row.cacheWriteTokens;
    seen.cacheReadTokens += row.cacheReadTokens;
    seen.totalTokens += tokens;
    unpriced.set(name, seen);
  }
  const pricedCostUsd = roundUsd(sum);
  return {
    costUsd: unpricedTokens > 0 ? null : pricedCostUsd,
    pricedCostUsd,
    unpricedTokens,
    unpricedModels: [...unpriced.values()].sort((a, b) => b.totalTokens - a.totalTokens),
    rows: priced,
  };
}

/** Adds up unpriced-model lists of several groups into one (by model). */
export function mergeUnpriced(lists: readonly UnpricedModel[][]): UnpricedModel[] {
  const merged = new Map<string, UnpricedModel>();
  for (const list of lists) {
    for (const item of list) {
      const seen = merged.get(item.model);
      if (!seen) {
        merged.set(item.model, { ...item });
        continue;
      }
      seen.responses += item.responses;
      seen.inputTokens += item.inputTokens;
      seen.outputTokens += item.outputTokens;
      seen.cacheWriteTokens += item.cacheWriteTokens;
      seen.cacheReadTokens += item.cacheReadTokens;
      seen.totalTokens += item.totalTokens;
    }
  }
  return [...merged.values()].sort((a, b) => b.totalTokens - a.totalTokens);
}
