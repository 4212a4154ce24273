import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ZodError } from 'zod';
import { isUserError } from '../core/errors.js';
import { formatZodError } from '../core/validation.js';
import type { Logger } from '../logger.js';

/** A successful tool result: structured content plus a short text for clients that show only text. */
export function toolOk<T extends Record<string, unknown>>(structured: T, text: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text }] };
}

export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/**
 * Runs a tool body. Bad input (a UserError or a zod error) becomes an
 * `isError` result naming the field and the rule, so the assistant can retry;
 * anything else is logged and reported as an internal error.
 */
export async function runTool(
  logger: Logger,
  tool: string,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (isUserError(error)) return toolError(`${tool}: ${error.message}`);
    if (error instanceof ZodError) return toolError(`${tool}: ${formatZodError(error)}`);
    logger.error({ err: error, tool }, 'tool failed');
    return toolError(`${tool}: internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
