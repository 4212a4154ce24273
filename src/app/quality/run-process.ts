import { spawn } from 'node:child_process';
import { HeadTailBuffer } from '../../core/quality/output-cap.js';

export interface ProcessOptions {
  command: string;
  cwd: string;
  timeoutMs: number;
  headBytes: number;
  tailBytes: number;
  /** How long a process group gets between SIGTERM and SIGKILL. */
  graceMs?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  head: string;
  tail: string;
  droppedBytes: number;
  totalBytes: number;
  /** The process group id (the shell's pid), for callers that check it is gone. */
  pid: number | null;
}

/** Signals a whole process group; false when it is already gone. */
function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' }).unref();
    } else process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a shell command in its own process group with a timeout, keeping only
 * the head and tail of its combined output (memory stays flat whatever it
 * prints). On timeout the whole group gets SIGTERM, then SIGKILL after a grace
 * period; any process of the group still alive when the shell exits is ended too.
 */
export function runProcess(options: ProcessOptions): Promise<ProcessResult> {
  const graceMs = options.graceMs ?? 2000;
  const started = Date.now();
  const output = new HeadTailBuffer(options.headBytes, options.tailBytes);
  return new Promise((resolve) => {
    const child = spawn(options.command, {
      cwd: options.cwd,
      shell: true,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: process.env.CI ?? '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      windowsHide: true,
    });
    const pid = child.pid ?? null;
    let timedOut = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    let killTimer: NodeJS.Timeout | null = null;
    let closeTimer: NodeJS.Timeout | null = null;

    const finish = (spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (closeTimer) clearTimeout(closeTimer);
      // Whatever of the group survived SIGTERM (or never got it) ends here.
      if (pid !== null) killGroup(pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (spawnError) output.push(Buffer.from(`deja: could not start the command: ${spawnError.message}\n`));
      const { head, tail } = output.text();
      resolve({
        exitCode: spawnError ? 127 : (exit?.code ?? null),
        signal: exit?.signal ?? null,
        timedOut,
        durationMs: Date.now() - started,
        head,
        tail,
        droppedBytes: output.droppedBytes,
        totalBytes: output.total,
        pid,
      });
    };

    const timer = setTimeout(() => {
      timedOut = true;
      if (pid === null) return finish();
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => {
        killGroup(pid, 'SIGKILL');
        // Streams still held open by something outside the group must not keep us waiting.
        closeTimer = setTimeout(() => finish(), graceMs);
      }, graceMs);
    }, options.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Leftovers of the group (background servers, watchers) would hold the pipes open.
      if (pid !== null && !timedOut) killGroup(pid, 'SIGTERM');
      if (!closeTimer) closeTimer = setTimeout(() => finish(), graceMs);
    });
    child.on('close', () => finish());
  });
}
