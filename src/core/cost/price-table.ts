import { z } from 'zod';

/** US dollars per million tokens of one model (or model family). */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cache writes with the default 5-minute lifetime (Anthropic: 1.25× input). */
  cacheWrite5m: number;
  /** Cache writes with a 1-hour lifetime (Anthropic: 2× input). */
  cacheWrite1h: number;
  cacheRead: number;
}

export interface PriceTable {
  /** Where the prices come from, and when they were written down. */
  source: string;
  asOf: string;
  /** Keys are model ids or id prefixes, lower case. */
  models: Map<string, ModelPrice>;
}

const dollars = z.number().finite().min(0);
const priceEntry = z
  .object({
    input: dollars,
    output: dollars,
    cache_write_5m: dollars,
    cache_write_1h: dollars,
    cache_read: dollars,
  })
  .strict();

/** The shape of src/data/model-prices.json. */
export const priceTableFile = z.object({
  unit: z.literal('USD per million tokens'),
  source: z.string().min(1),
  as_of: z.string().min(1),
  models: z.record(z.string().min(1), priceEntry),
});

/** Validates a price table file (throws a ZodError naming the bad entry). */
export function parsePriceTable(raw: unknown): PriceTable {
  const file = priceTableFile.parse(raw);
  const models = new Map<string, ModelPrice>();
  for (const [key, entry] of Object.entries(file.models)) {
    models.set(key.toLowerCase(), {
      input: entry.input,
      output: entry.output,
      cacheWrite5m: entry.cache_write_5m,
      cacheWrite1h: entry.cache_write_1h,
      cacheRead: entry.cache_read,
    });
  }
  return { source: file.source, asOf: file.as_of, models };
}

/**
 * The price of a model: the entry whose key is the longest prefix of the model id
 * (case-insensitive), so `claude-sonnet-4-5-20250929` takes `claude-sonnet-4` and
 * `gpt-5-mini-2025` takes `gpt-5-mini` rather than `gpt-5`. A provider prefix
 * (`anthropic/claude-…`, `openai/gpt-…`) is ignored. Null when no key matches.
 */
export function findPrice(
  table: PriceTable,
  model: string | null,
): { key: string; price: ModelPrice } | null {
  if (!model) return null;
  const name = model.trim().toLowerCase();
  const bare = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  let best: { key: string; price: ModelPrice } | null = null;
  for (const [key, price] of table.models) {
    if ((bare.startsWith(key) || name.startsWith(key)) && (!best || key.length > best.key.length)) {
      best = { key, price };
    }
  }
  return best;
}
