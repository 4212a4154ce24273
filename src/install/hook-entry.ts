#!/usr/bin/env node
/**
 * What Claude Code's hooks run: `node hook-entry.js [--home <dir>] <event>`.
 * The same as `deja hook <event>`, without loading the whole command line
 * (that takes ~250 ms before any work): this process imports only Node
 * built-ins and supervises a child (`--run <event>`) that does the work,
 * loaded from one bundled file when the build made it.
 */
import { fileURLToPath } from 'node:url';
import { chooseBundle } from '../bundle-choice.js';
import { HOOK_EVENTS, isHookName } from './hook-events.js';
import { finishHook, superviseHook } from './hook-supervisor.js';

const startedAt = Date.now();
const args = process.argv.slice(2);
let home: string | undefined;
const rest: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--home') home = args[++i];
  else rest.push(args[i] as string);
}

if (rest[0] === '--run') {
  // The child's code: the bundle of its modules (scripts/bundle-hook.mjs), one file and faster to load.
  const code = chooseBundle(
    new URL('./hook-runner.bundle.js', import.meta.url),
    new URL('./hook-runner.js', import.meta.url),
  );
  const { runHookChild } = (await import(code)) as typeof import('./hook-runner.js');
  try {
    process.exitCode = await runHookChild(rest[1] ?? '', home);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
} else {
  const event = rest[0] ?? '';
  if (!isHookName(event)) {
    process.stderr.write(
      `deja hook: unknown hook ${JSON.stringify(event)}; expected one of ${Object.keys(HOOK_EVENTS).join(', ')}\n`,
    );
    process.exit(0);
  }
  const result = await superviseHook({
    event,
    entry: fileURLToPath(import.meta.url),
    ...(home ? { home } : {}),
    startedAt,
  });
  finishHook(event, result);
}
