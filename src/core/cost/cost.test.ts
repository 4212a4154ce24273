import { describe, expect, it } from 'vitest';
import { estimateCost, type ModelUsage, mergeUnpriced, priceTokens } from './cost.js';
import { defaultPriceTable } from './default-prices.js';
import { findPrice, parsePriceTable } from './price-table.js';

// A tiny table with round prices so every figure below can be checked by hand.
const TABLE = parsePriceTable({
  unit: 'USD per million tokens',
  source: 'test',
  as_of: '2026-11-24',
  models: {
    alpha: { input: 2, output: 10, cache_write_5m: 2.5, cache_write_1h: 4, cache_read: 0.2 },
    'alpha-mini': { input: 1, output: 4, cache_write_5m: 1.25, cache_write_1h: 2, cache_read: 0.1 },
  },
});

const usage = (model: string | null, tokens: Partial<ModelUsage> = {}): ModelUsage => ({
  model,
  responses: 1,
  inputTokens: 0,
  outputTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  ...tokens,
});

describe('price table', () => {
  it('matches the longest prefix, case-insensitively, ignoring a provider prefix', () => {
    expect(findPrice(TABLE, 'alpha-2026-01-01')?.key).toBe('alpha');
    expect(findPrice(TABLE, 'ALPHA-MINI-latest')?.key).toBe('alpha-mini');
    expect(findPrice(TABLE, 'vendor/alpha-mini')?.key).toBe('alpha-mini');
    expect(findPrice(TABLE, 'beta')).toBeNull();
    expect(findPrice(TABLE, null)).toBeNull();
  });

  it('refuses a malformed table, naming the entry', () => {
    expect(() =>
      parsePriceTable({
        unit: 'USD per million tokens',
        source: 's',
        as_of: 'x',
        models: { a: { input: -1, output: 1, cache_write_5m: 1, cache_write_1h: 1, cache_read: 1 } },
      }),
    ).toThrow(/input/);
  });

  it('ships a valid table that prices the models of the fixtures', () => {
    const table = defaultPriceTable();
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(findPrice(table, 'claude-sonnet-4-5-20250929')?.key).toBe('claude-sonnet-4');
    expect(findPrice(table, 'claude-opus-4-5-20251101')?.key).toBe('claude-opus-4-5');
    expect(findPrice(table, 'claude-opus-4-1-20250805')?.key).toBe('claude-opus-4');
    expect(findPrice(table, 'gpt-5-mini-2025-08-07')?.key).toBe('gpt-5-mini');
    expect(findPrice(table, 'gpt-5.3-codex')?.key).toBe('gpt-5.3');
    expect(findPrice(table, 'o3-mini')?.key).toBe('o3-mini');
    expect(findPrice(table, 'synthetic-model')).toBeNull();
    // Anthropic: 1-hour cache writes cost 2× input, 5-minute ones 1.25×, reads 0.1×.
    const sonnet = findPrice(table, 'claude-sonnet-4')?.price;
    expect(sonnet).toEqual({ input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 });
  });
});

describe('cost', () => {
  it('prices each kind of token at its own rate (exact figures)', () => {
    // 1M input × $2 + 0.5M output × $10 + 0.2M cache read × $0.2 = 2 + 5 + 0.04
    const price = findPrice(TABLE, 'alpha')?.price;
    if (!price) throw new Error('no price');
    expect(
      priceTokens(price, {
        inputTokens: 1_000_000,
        outputTokens: 500_000,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        cacheReadTokens: 200_000,
      }),
    ).toBeCloseTo(7.04, 10);
  });

  it('prices 1-hour cache writes apart from 5-minute ones', () => {
    // 1M cache writes of which 0.25M for 1 hour: 0.75M × $2.5 + 0.25M × $4 = 1.875 + 1 = 2.875
    const estimate = estimateCost(
      [usage('alpha', { cacheWriteTokens: 1_000_000, cacheWrite1hTokens: 250_000 })],
      TABLE,
    );
    expect(estimate.costUsd).toBe(2.875);
    // All 5-minute: 1M × $2.5
    expect(estimateCost([usage('alpha', { cacheWriteTokens: 1_000_000 })], TABLE).costUsd).toBe(2.5);
    // All 1-hour: 1M × $4
    expect(
      estimateCost([usage('alpha', { cacheWriteTokens: 1_000_000, cacheWrite1hTokens: 1_000_000 })], TABLE)
        .costUsd,
    ).toBe(4);
  });

  it('adds up several models, each at its own price', () => {
    // alpha: 3000 in × 2 + 1000 out × 10 = 16000 µ$ ; alpha-mini: 10000 in × 1 + 2000 out × 4 = 18000 µ$
    const estimate = estimateCost(
      [
        usage('alpha-2026', { inputTokens: 3000, outputTokens: 1000 }),
        usage('alpha-mini', { inputTokens: 10_000, outputTokens: 2000 }),
      ],
      TABLE,
    );
    expect(estimate.costUsd).toBe(0.034);
    expect(estimate.pricedCostUsd).toBe(0.034);
    expect(estimate.rows.map((row) => [row.priceKey, row.costUsd])).toEqual([
      ['alpha', 0.016],
      ['alpha-mini', 0.018],
    ]);
    expect(estimate.unpricedModels).toEqual([]);
  });

  it('reports an unknown model with its tokens instead of pricing it at zero', () => {
    const estimate = estimateCost(
      [
        usage('alpha', { inputTokens: 1_000_000 }),
        usage('mystery-model', { responses: 3, inputTokens: 100, outputTokens: 50, cacheReadTokens: 7 }),
        usage(null, { outputTokens: 5 }),
      ],
      TABLE,
    );
    expect(estimate.costUsd).toBeNull();
    expect(estimate.pricedCostUsd).toBe(2);
    expect(estimate.unpricedTokens).toBe(162);
    expect(estimate.unpricedModels).toEqual([
      {
        model: 'mystery-model',
        responses: 3,
        inputTokens: 100,
        outputTokens: 50,
        cacheWriteTokens: 0,
        cacheReadTokens: 7,
        totalTokens: 157,
      },
      {
        model: 'unknown',
        responses: 1,
        inputTokens: 0,
        outputTokens: 5,
        cacheWriteTokens: 0,
        cacheReadTokens: 0,
        totalTokens: 5,
      },
    ]);
    expect(estimate.rows.find((row) => row.model === 'mystery-model')?.costUsd).toBeNull();
  });

  it('does not let an unpriced model without tokens spoil the total', () => {
    const estimate = estimateCost([usage('alpha', { outputTokens: 100 }), usage('<synthetic>')], TABLE);
    expect(estimate.costUsd).toBe(0.001);
    expect(estimate.unpricedModels).toEqual([]);
  });

  it('merges unpriced lists by model', () => {
    const one = estimateCost([usage('x', { inputTokens: 1 })], TABLE).unpricedModels;
    const two = estimateCost(
      [usage('x', { inputTokens: 2 }), usage('y', { inputTokens: 9 })],
      TABLE,
    ).unpricedModels;
    expect(mergeUnpriced([one, two]).map((m) => [m.model, m.totalTokens, m.responses])).toEqual([
      ['y', 9, 1],
      ['x', 3, 2],
    ]);
  });
});
