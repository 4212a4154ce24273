import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import {
  chatLlm,
  configureFromInput,
  formatConfigure,
  formatLlmList,
  formatLlmTest,
  generateLlm,
  listLlm,
  llmInput,
  testLlm,
} from '../../app/llm/llm-actions.js';
import type { LlmResult } from '../../llm/llm.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

/** `llm`: the optional LLM provider (OpenAI-compatible or Anthropic): list, test, generate, chat, configure. */
export function registerLlmTool(
  server: McpServer,
  deps: AppDeps,
  _connection: Connection,
  enabled: (name: string) => boolean,
) {
  if (!enabled('llm')) return;
  server.registerTool(
    'llm',
    {
      description:
        'Optional LLM provider (OpenAI-compatible: OpenAI, Ollama, LM Studio, vLLM; or Anthropic). Actions: list (config, key masked), ' +
        'test (reachability, latency), generate (prompt), chat (messages), configure (writes DEJA_HOME/config.toml; the key only if api_key is given). ' +
        'deja itself uses it only for summarised hand-offs, when turned on.',
      inputSchema: llmInput.shape,
      outputSchema: outputShape({
        action: z.string(),
        configured: z.looseObject({}).optional(),
        summarised_handoffs: z.boolean().optional(),
        presets: z.array(z.looseObject({})).optional(),
        ok: z.boolean().optional(),
        text: z.string().optional(),
        model: z.string().optional(),
        provider: z.string().optional(),
        finish_reason: z.string().nullable().optional(),
        usage: z.looseObject({}).nullable().optional(),
        latency_ms: z.number().optional(),
        error: z.string().optional(),
        path: z.string().optional(),
        effective: z.looseObject({}).optional(),
        notes: z.array(z.string()).optional(),
      }),
    },
    (input) =>
      runTool(deps.logger, 'llm', async () => {
        switch (input.action) {
          case 'list': {
            const list = listLlm(deps);
            return toolOk(
              {
                action: 'list',
                configured: list.configured,
                summarised_handoffs: list.summarised_handoffs,
                presets: list.presets,
              },
              formatLlmList(list),
            );
          }
          case 'test': {
            const result = await testLlm(deps);
            return toolOk(
              {
                action: 'test',
                ok: result.ok,
                model: result.model,
                provider: result.provider,
                latency_ms: result.latencyMs,
                ...(result.error ? { error: result.error } : {}),
              },
              formatLlmTest(result),
            );
          }
          case 'generate':
            return reply('generate', await generateLlm(deps, input));
          case 'chat':
            return reply('chat', await chatLlm(deps, input));
          case 'configure': {
            const result = configureFromInput(deps, input);
            return toolOk(
              {
                action: 'configure',
                path: result.path,
                configured: result.llm,
                effective: result.effective,
                notes: result.notes,
              },
              formatConfigure(result),
            );
          }
        }
      }),
  );
}

function reply(action: string, result: LlmResult) {
  return toolOk(
    {
      action,
      text: result.text,
      model: result.model,
      provider: result.provider,
      finish_reason: result.finishReason,
      usage: result.usage,
      latency_ms: result.latencyMs,
    },
    result.text,
  );
}
