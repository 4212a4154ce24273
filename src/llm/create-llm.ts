import { AnthropicLlm } from './anthropic.js';
import type { LlmConfig } from './config.js';
import type { Llm } from './llm.js';
import { OpenAiCompatibleLlm } from './openai-compatible.js';

/** The LLM for a configuration, or null for provider "none". Loads no SDK and contacts nothing. */
export function createLlm(config: LlmConfig | undefined): Llm | null {
  if (!config) return null;
  switch (config.provider) {
    case 'none':
      return null;
    case 'openai':
      return new OpenAiCompatibleLlm(config);
    case 'anthropic':
      return new AnthropicLlm(config);
  }
}
