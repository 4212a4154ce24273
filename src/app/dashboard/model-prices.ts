/**
 * List prices in US dollars per million tokens, used to estimate cost from
 * imported token usage. One table, matched by model-name prefix (first match
 * wins, so longer prefixes come first). Checked against the vendors' price
 * pages in 2026; edit here when they change. Unknown models have no cost.
 */
export interface ModelPrice {
  input: number;
  output: number;
  /** 5-minute cache writes (Anthropic); cached-input writes cost the input price elsewhere. */
  cacheWrite: number;
  /** 1-hour cache writes (Anthropic: twice the input price). */
  cacheWrite1h: number;
  cacheRead: number;
  /** OpenAI counts cached input inside input_tokens; Anthropic counts it apart. */
  inputIncludesCacheRead: boolean;
}

const anthropic = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheWrite1h: input * 2,
  cacheRead: input * 0.1,
  inputIncludesCacheRead: false,
});
const openai = (input: number, output: number, cacheRead: number): ModelPrice => ({
  input,
  output,
  cacheWrite: input,
  cacheWrite1h: input,
  cacheRead,
  inputIncludesCacheRead: true,
});

export const MODEL_PRICES: [prefix: string, price: ModelPrice][] = [
  ['claude-opus-4-5', anthropic(5, 25)],
  ['claude-opus-4-6', anthropic(5, 25)],
  ['claude-opus-4', anthropic(15, 75)],
  ['claude-3-opus', anthropic(15, 75)],
  ['claude-sonnet-4', anthropic(3, 15)],
  ['claude-3-7-sonnet', anthropic(3, 15)],
  ['claude-3-5-sonnet', anthropic(3, 15)],
  ['claude-3-sonnet', anthropic(3, 15)],
  ['claude-haiku-4', anthropic(1, 5)],
  ['claude-3-5-haiku', anthropic(0.8, 4)],
  ['claude-3-haiku', anthropic(0.25, 1.25)],
  ['gpt-5-mini', openai(0.25, 2, 0.025)],
  ['gpt-5-nano', openai(0.05, 0.4, 0.005)],
  ['gpt-5', openai(1.25, 10, 0.125)],
  ['gpt-4.1-mini', openai(0.4, 1.6, 0.1)],
  ['gpt-4.1', openai(2, 8, 0.5)],
  ['gpt-4o-mini', openai(0.15, 0.6, 0.075)],
  ['gpt-4o', openai(2.5, 10, 1.25)],
  ['o4-mini', openai(1.1, 4.4, 0.275)],
  ['o3', openai(2, 8, 0.5)],
];

export function priceOf(model: string | null): ModelPrice | null {
  if (!model) return null;
  const name = model.toLowerCase();
  return MODEL_PRICES.find(([prefix]) => name.startsWith(prefix))?.[1] ?? null;
}

/** Estimated cost in US dollars of token totals of one model; null when the model is not in the table. */
export function estimateCost(
  model: string | null,
  tokens: {
    inputTokens: number;
    outputTokens: number;
    cacheWriteTokens: number;
    cacheWrite1hTokens: number;
    cacheReadTokens: number;
  },
): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const input = price.inputIncludesCacheRead
    ? Math.max(0, tokens.inputTokens - tokens.cacheReadTokens)
    : tokens.inputTokens;
  const write5m = Math.max(0, tokens.cacheWriteTokens - tokens.cacheWrite1hTokens);
  const dollars =
    input * price.input +
    tokens.outputTokens * price.output +
    write5m * price.cacheWrite +
    tokens.cacheWrite1hTokens * price.cacheWrite1h +
    tokens.cacheReadTokens * price.cacheRead;
  return dollars / 1_000_000;
}
