import { ZodError } from 'zod';
import type { AppDeps } from '../app/deps.js';
import { type DejaConfig, type FileConfig, loadConfig } from '../config.js';
import { isUserError } from '../core/errors.js';
import { formatZodError } from '../core/validation.js';
import { createRuntime } from '../runtime.js';
import { printError } from './output.js';

export interface GlobalOptions {
  home?: string;
  logLevel?: FileConfig['logLevel'];
}

/** Exit codes of the CLI contract. */
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;

export function cliConfig(global: GlobalOptions): DejaConfig {
  return loadConfig({
    defaults: { logLevel: 'warn' },
    flags: {
      ...(global.home ? { home: global.home } : {}),
      ...(global.logLevel ? { logLevel: global.logLevel } : {}),
    },
  });
}

/**
 * Runs one CLI command with a runtime, closes the store, and maps errors to
 * the exit codes: 1 for a user error (message on stderr), 2 for an internal one.
 */
export async function runCommand(
  global: GlobalOptions,
  body: (deps: AppDeps) => Promise<number | undefined>,
) {
  let deps: AppDeps | null = null;
  let code = EXIT_OK;
  try {
    deps = createRuntime({}, cliConfig(global));
    code = (await body(deps)) ?? EXIT_OK;
  } catch (error) {
    if (isUserError(error) || error instanceof ZodError) {
      printError(error instanceof ZodError ? formatZodError(error) : error.message);
      code = EXIT_USER_ERROR;
    } else {
      printError(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      code = EXIT_INTERNAL_ERROR;
    }
  } finally {
    await deps?.store.close();
  }
  process.exitCode = code;
}
