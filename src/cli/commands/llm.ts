import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import {
  chatLlm,
  configureFromInput,
  formatConfigure,
  formatLlmList,
  formatLlmTest,
  generateLlm,
  type LlmInput,
  listLlm,
  llmInput,
  testLlm,
} from '../../app/llm/llm-actions.js';
import { UserError } from '../../core/errors.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerLlm(program: Command) {
  const llm = program
    .command('llm')
    .description(
      'optional LLM provider (OpenAI-compatible or Anthropic): list, test, generate, chat, configure',
    );

  llm
    .command('list')
    .description('the configured provider (API key masked), summarised hand-offs, and the known providers')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const list = listLlm(deps);
        printResult(options.json, list, formatLlmList(list));
        return 0;
      }),
    );

  llm
    .command('test')
    .description('send one tiny request: reachable? key accepted? latency? (exit 1 when it fails)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await testLlm(deps);
        printResult(options.json, result, formatLlmTest(result));
        return result.ok ? 0 : 1;
      }),
    );

  llm
    .command('generate')
    .description('answer one prompt ("-" or no prompt: read it from stdin)')
    .argument('[prompt...]', 'the prompt')
    .option('--system <text>', 'system prompt')
    .option('--max-tokens <n>', 'longest reply, in tokens', toInt)
    .option('--temperature <t>', 'sampling temperature (0-2)', Number)
    .option('--timeout-ms <ms>', 'deadline for the call, retry included', toInt)
    .option('--json', 'print JSON')
    .action((words: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const joined = words.join(' ');
        const prompt = joined === '' || joined === '-' ? readStdin() : joined;
        const input = parse({ action: 'generate', prompt, ...callFlags(options) });
        const result = await generateLlm(deps, input);
        printResult(options.json, result, result.text);
        return 0;
      }),
    );

  llm
    .command('chat')
    .description(
      'answer a conversation: --messages JSON (or a file, or "-" for stdin), or user messages as arguments',
    )
    .argument('[message...]', 'user messages, in order')
    .option('--messages <json|file|->', 'JSON array of {role, content}')
    .option('--system <text>', 'system prompt')
    .option('--max-tokens <n>', 'longest reply, in tokens', toInt)
    .option('--temperature <t>', 'sampling temperature (0-2)', Number)
    .option('--timeout-ms <ms>', 'deadline for the call, retry included', toInt)
    .option('--json', 'print JSON')
    .action((words: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const messages = options.messages
          ? readMessages(options.messages)
          : words.map((content) => ({ role: 'user', content }));
        const input = parse({ action: 'chat', messages, ...callFlags(options) });
        const result = await chatLlm(deps, input);
        printResult(options.json, result, result.text);
        return 0;
      }),
    );

  llm
    .command('configure')
    .description('write the [llm] settings into <DEJA_HOME>/config.toml (the key only with --api-key)')
    .option('--provider <name>', 'none | openai | anthropic | ollama | lmstudio | vllm')
    .option('--base-url <url>', "e.g. http://127.0.0.1:11434/v1 (default: the provider's)")
    .option('--model <name>', 'e.g. llama3.2, gpt-4o-mini, claude-haiku-4-5')
    .option(
      '--api-key <key>',
      'store this key in the config file (mode 0600); "-" reads it from stdin, "" removes it',
    )
    .option('--timeout-ms <ms>', 'deadline of each call', toInt)
    .option('--max-tokens <n>', 'default longest reply', toInt)
    .option('--summarised-handoffs', 'put an LLM summary at the top of each hand-off')
    .option('--no-summarised-handoffs', 'hand-offs without an LLM summary')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const apiKey = options.apiKey === '-' ? readStdin().trim() : options.apiKey;
        const input = parse({
          action: 'configure',
          ...(options.provider === undefined ? {} : { provider: options.provider }),
          ...(options.baseUrl === undefined ? {} : { base_url: options.baseUrl }),
          ...(options.model === undefined ? {} : { model: options.model }),
          ...(apiKey === undefined ? {} : { api_key: apiKey }),
          ...(options.timeoutMs === undefined ? {} : { timeout_ms: options.timeoutMs }),
          ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
          ...(options.summarisedHandoffs === undefined
            ? {}
            : { summarised_handoffs: options.summarisedHandoffs }),
        });
        const result = configureFromInput(deps, input);
        printResult(options.json, result, formatConfigure(result));
        return 0;
      }),
    );
}

function parse(raw: Record<string, unknown>): LlmInput {
  return llmInput.parse(raw);
}

function callFlags(options: {
  system?: string;
  maxTokens?: number;
  temperature?: number;
  timeoutMs?: number;
}) {
  return {
    ...(options.system === undefined ? {} : { system: options.system }),
    ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(options.timeoutMs === undefined ? {} : { timeout_ms: options.timeoutMs }),
  };
}

function readMessages(value: string): unknown {
  let text = value;
  if (value === '-') text = readStdin();
  else if (!value.trimStart().startsWith('[')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw new UserError('--messages', 'must be a JSON array, a file holding one, or "-" for stdin');
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UserError('--messages', 'is not valid JSON (a list of {"role": "user", "content": "..."})');
  }
}

function readStdin(): string {
  if (process.stdin.isTTY) throw new UserError('prompt', 'is required (as arguments, or on stdin)');
  return readFileSync(0, 'utf8');
}

function toInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}
