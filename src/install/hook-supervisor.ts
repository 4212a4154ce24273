import { spawn } from 'node:child_process';

/**
 * The part of `deja hook <event>` that Claude Code waits on. It imports only
 * Node built-ins and never touches the store: it reads the hook input, hands
 * it to a child process that does the work, and gives up on the child when the
 * time budget runs out. SQLite waits for a lock synchronously, so a timer in
 * the process doing the work could not fire; one in a process that only waits
 * always can. Whatever happens, the hook exits 0: at most a warning on stderr.
 */

/** Total time a hook may take, from start to exit (env DEJA_HOOK_BUDGET_MS). */
export const DEFAULT_HOOK_BUDGET_MS = 2000;
/** How long to wait for stdin when Claude Code (or a person) leaves it open without sending JSON. */
const STDIN_WAIT_MS = 500;
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export interface SuperviseOptions {
  event: string;
  /** The script the child runs: hook-entry.js, which takes `--run <event>`. */
  entry: string;
  /** `--home` to pass on (the data folder), if one was given. */
  home?: string;
  budgetMs?: number;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void };
  startedAt?: number;
}

export interface SuperviseResult {
  stdout: string;
  warning: string | null;
}

export function hookBudget(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.DEJA_HOOK_BUDGET_MS);
  return Number.isFinite(value) && value >= 100 && value <= 60_000 ? value : DEFAULT_HOOK_BUDGET_MS;
}

/**
 * Reads the hook input: returns as soon as the text is a complete JSON value,
 * at end of input, or after `waitMs` (stdin left open); at once for a terminal.
 */
export function readHookInput(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void },
  waitMs: number,
): Promise<string> {
  if (stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stdin.removeListener('data', onData);
      stdin.removeListener('end', finish);
      stdin.removeListener('error', finish);
      stdin.pause();
      stdin.destroy?.();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      size += buffer.length;
      if (size >= MAX_INPUT_BYTES) return finish();
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        finish();
      } catch {
        // Not complete yet (or not JSON): keep reading until the end or the timer.
      }
    };
    const timer = setTimeout(finish, waitMs);
    stdin.on('data', onData);
    stdin.on('end', finish);
    stdin.on('error', finish);
  });
}

/** Runs one hook under the time budget; never throws. */
export async function superviseHook(options: SuperviseOptions): Promise<SuperviseResult> {
  const startedAt = options.startedAt ?? Date.now();
  const budget = options.budgetMs ?? hookBudget();
  const deadline = startedAt + budget;
  const stdin = options.stdin ?? process.stdin;
  const text = await readHookInput(stdin, Math.min(STDIN_WAIT_MS, Math.max(0, deadline - Date.now())));
  let input: unknown = {};
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch {
      return { stdout: '', warning: 'the hook input on stdin is not JSON; nothing done' };
    }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { stdout: '', warning: 'the hook input on stdin is not a JSON object; nothing done' };
  }
  const remaining = deadline - Date.now();
  if (remaining <= 0) return { stdout: '', warning: `no time left within the ${budget} ms budget` };
  return runChild(options, JSON.stringify(input), remaining, budget);
}

function runChild(
  options: SuperviseOptions,
  input: string,
  remaining: number,
  budget: number,
): Promise<SuperviseResult> {
  return new Promise((resolve) => {
    const args = [options.entry, '--run', options.event, ...(options.home ? ['--home', options.home] : [])];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const settle = (result: SuperviseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      child.unref();
      child.stdout?.destroy();
      child.stderr?.destroy();
      settle({ stdout: '', warning: `gave up after ${budget} ms (is the store locked by another process?)` });
    }, remaining);
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => settle({ stdout: '', warning: `could not run the hook: ${error.message}` }));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0)
        settle({ stdout: Buffer.concat(out).toString('utf8'), warning: stderr ? firstLines(stderr) : null });
      else settle({ stdout: '', warning: firstLines(stderr) || `the hook failed (exit code ${code})` });
    });
    child.stdin?.on('error', () => {
      // The child may exit before reading its input (a missing store); that is fine.
    });
    child.stdin?.end(input);
  });
}

function firstLines(text: string): string {
  const lines = text.split('\n').slice(0, 3).join('\n');
  return lines.length > 600 ? `${lines.slice(0, 600)}…` : lines;
}

/** Prints the result the way Claude Code reads it and exits 0. */
export function finishHook(event: string, result: SuperviseResult): void {
  if (result.warning) process.stderr.write(`deja hook ${event}: ${result.warning}\n`);
  if (result.stdout) process.stdout.write(result.stdout, () => process.exit(0));
  else process.exit(0);
}
