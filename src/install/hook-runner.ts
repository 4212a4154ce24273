import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppDeps } from '../app/deps.js';
import { loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { isHookName } from './hook-events.js';
import { HOOK_HANDLERS, type HookInput } from './hook-handlers.js';

/**
 * The child process of a hook: reads the input the supervisor passes on stdin
 * (always closed), does the work through the use cases, prints the result.
 * Failures go to stderr with exit code 1; the supervisor turns them into a
 * warning and still exits 0.
 */
export async function runHookChild(event: string, home: string | undefined): Promise<number> {
  if (!isHookName(event)) {
    process.stderr.write(`unknown hook ${JSON.stringify(event)}\n`);
    return 1;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as HookInput;
  const config = loadConfig({ defaults: { logLevel: 'error' }, flags: home ? { home } : {} });
  if (!config.databaseUrl && !existsSync(join(config.home, 'deja.db'))) {
    // No store yet (or DEJA_HOME points somewhere else): a hook never creates one.
    return 0;
  }
  const cwd = typeof input.cwd === 'string' && input.cwd ? input.cwd : process.cwd();
  let deps: AppDeps | null = null;
  try {
    deps = createRuntime({}, config);
    const output = await HOOK_HANDLERS[event](deps, input, cwd);
    if (output) process.stdout.write(output);
    return 0;
  } finally {
    await deps?.store.close();
  }
}
