import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command: string): boolean {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {}
  }
  return false;
}

/** The platform's opener for a URL (`open`, `start`, `xdg-open`), or null when there is none. */
export function browserOpener(url: string): { command: string; args: string[] } | null {
  if (process.platform === 'darwin') return { command: 'open', args: [url] };
  if (process.platform === 'win32')
    return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return onPath('xdg-open') ? { command: 'xdg-open', args: [url] } : null;
}

/** Opens the URL in the user's browser; false when no opener exists or it could not start. */
export function openBrowser(url: string): Promise<boolean> {
  const opener = browserOpener(url);
  if (!opener) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
