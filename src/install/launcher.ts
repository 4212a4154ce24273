import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { distFile } from '../package-root.js';
import type { HookName } from './hook-events.js';
import type { Platform } from './locations.js';

/**
 * How a client starts deja: this Node binary and this package's built CLI,
 * both as absolute paths. That works from a git clone (nothing on PATH), from
 * a global npm install, and inside clients that start servers with a minimal
 * environment; re-run `deja install` after moving the clone or changing Node.
 */
export interface Launcher {
  node: string;
  /** dist/cli/main.js */
  cli: string;
  /** dist/install/hook-entry.js: the hooks' fast entry point. */
  hookEntry: string;
  /** The data folder to pass on, or null for the default (~/.deja of the OS user). */
  home: string | null;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The launcher of the running installation. */
export function currentLauncher(dataHome: string): Launcher {
  const defaultHome = resolve(join(homedir(), '.deja'));
  return {
    node: process.execPath,
    cli: real(distFile('cli', 'main.js')),
    hookEntry: real(distFile('install', 'hook-entry.js')),
    home: resolve(dataHome) === defaultHome ? null : resolve(dataHome),
  };
}

export interface ServerCommand {
  command: string;
  args: string[];
  env: Record<string, string> | null;
}

/** The MCP server entry: `node <cli> serve`, with DEJA_HOME when it is not the default. */
export function serverCommand(launcher: Launcher): ServerCommand {
  return {
    command: launcher.node,
    args: [launcher.cli, 'serve'],
    env: launcher.home ? { DEJA_HOME: launcher.home } : null,
  };
}

/** A hook's shell command: `node <hook-entry> [--home <dir>] <hook>`. */
export function hookCommand(launcher: Launcher, hook: HookName, platform: Platform): string {
  const words = [
    launcher.node,
    launcher.hookEntry,
    ...(launcher.home ? ['--home', launcher.home] : []),
    hook,
  ];
  return words.map((word) => shellQuote(word, platform)).join(' ');
}

/** The CLI as a shell command (for instructions that tell an assistant what to run). */
export function cliCommand(launcher: Launcher, platform: Platform): string {
  const words = [launcher.node, launcher.cli, ...(launcher.home ? ['--home', launcher.home] : [])];
  return words.map((word) => shellQuote(word, platform)).join(' ');
}

/** Quotes a word for the shell a hook runs in: single quotes on Unix, double quotes on Windows. */
export function shellQuote(word: string, platform: Platform): string {
  if (/^[\w@%+=:,./\\-]+$/.test(word) && (platform === 'win32' || !word.includes('\\'))) return word;
  if (platform === 'win32') return `"${word.replaceAll('"', '\\"')}"`;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
