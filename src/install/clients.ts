import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { HOOK_EVENTS, type HookName } from './hook-events.js';
import { cliCommand, hookCommand, type Launcher, serverCommand } from './launcher.js';
import type { UserLocations } from './locations.js';
import { slashCommands, vscodeAgent, vscodeInstructions } from './templates.js';
import type { TomlValue } from './toml-block.js';

export const CLIENTS = ['claude-code', 'claude-desktop', 'vscode', 'cursor', 'codex'] as const;
export type ClientId = (typeof CLIENTS)[number];
export const SCOPES = ['user', 'project'] as const;
export type Scope = (typeof SCOPES)[number];

/** One change deja wants in a JSON(C) file. `id` names it across installs. */
export type JsonEditSpec =
  | { id: string; kind: 'member'; container: string[]; key: string; value: unknown; label: string }
  | {
      id: string;
      kind: 'element';
      array: string[];
      value: unknown;
      label: string;
      /** Recognises an element an earlier deja install wrote (another data folder, an older version), to update it in place. */
      replaces?: (element: unknown) => boolean;
    };

/** What deja writes into one file. */
export type FileSpec =
  | { kind: 'json'; path: string; edits: JsonEditSpec[] }
  | {
      kind: 'toml';
      path: string;
      id: string;
      table: string[];
      values: Record<string, TomlValue>;
      label: string;
    }
  | {
      kind: 'owned';
      path: string;
      id: string;
      content: string;
      /** When a file that is not deja's already sits there: keep it (skip) or replace it (with a backup). */
      onConflict: 'skip' | 'replace';
      label: string;
    };

export interface ClientContext {
  client: ClientId;
  scope: Scope;
  user: UserLocations;
  /** The project folder for project scope (the current folder). */
  cwd: string;
  launcher: Launcher;
}

/** The server name in every client's configuration. */
export const SERVER_NAME = 'deja';

/** Claude Code hook events and the deja hook each runs (Stop fires after every turn, so it is not used). */
export const CLAUDE_HOOKS: readonly HookName[] = ['session-start', 'session-end', 'pre-compact'];
/** Claude Code's own limit for each hook, in seconds; deja's hooks give up by themselves after ~2 s. */
const HOOK_TIMEOUT_SECONDS = 10;

export function parseClients(raw: string | undefined, fallback: readonly ClientId[]): ClientId[] {
  if (raw === undefined) return [...fallback];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return [...CLIENTS];
  const bad = names.filter((name) => !(CLIENTS as readonly string[]).includes(name));
  if (bad.length || names.length === 0) {
    throw new UserError(
      '--client',
      `must be one of ${CLIENTS.join(', ')} (or several, comma-separated, or all)`,
      `you sent ${JSON.stringify(raw)}`,
    );
  }
  return [...new Set(names)] as ClientId[];
}

export function parseScope(raw: string | undefined): Scope | undefined {
  if (raw === undefined) return undefined;
  if (!(SCOPES as readonly string[]).includes(raw)) {
    throw new UserError('--scope', `must be one of ${SCOPES.join(', ')}`, `you sent ${JSON.stringify(raw)}`);
  }
  return raw as Scope;
}

/** Clients that have no project-level configuration. */
const USER_ONLY: readonly ClientId[] = ['claude-desktop', 'codex'];

export function checkScope(client: ClientId, scope: Scope): void {
  if (scope === 'project' && USER_ONLY.includes(client)) {
    throw new UserError(
      '--scope',
      `cannot be project for ${client}: it reads MCP servers only from its user configuration`,
      'use --scope user (the default)',
    );
  }
}

/** A hook group deja wrote: one command hook running deja's hook entry for this hook. */
export function isDejaHookGroup(element: unknown, hook: HookName): boolean {
  const hooks = (element as { hooks?: unknown } | null)?.hooks;
  if (!Array.isArray(hooks) || hooks.length !== 1) return false;
  const command = (hooks[0] as { command?: unknown } | null)?.command;
  return typeof command === 'string' && /hook-entry\.js\b/.test(command) && command.endsWith(` ${hook}`);
}

function stdioEntry(launcher: Launcher, withType: boolean): Record<string, unknown> {
  const server = serverCommand(launcher);
  return {
    ...(withType ? { type: 'stdio' } : {}),
    command: server.command,
    args: server.args,
    ...(server.env ? { env: server.env } : {}),
  };
}

function mcpMember(container: string, entry: Record<string, unknown>): JsonEditSpec {
  return {
    id: 'mcp-server',
    kind: 'member',
    container: [container],
    key: SERVER_NAME,
    value: entry,
    label: `${container}.${SERVER_NAME}`,
  };
}

/** Every file deja writes for one client and scope. */
export function clientFiles(ctx: ClientContext): FileSpec[] {
  checkScope(ctx.client, ctx.scope);
  const { user, cwd, launcher } = ctx;
  const project = ctx.scope === 'project';
  switch (ctx.client) {
    case 'claude-code': {
      const claudeDir = project ? join(cwd, '.claude') : user.claude;
      const hooks: JsonEditSpec[] = CLAUDE_HOOKS.map((hook) => ({
        id: `hook:${HOOK_EVENTS[hook]}`,
        kind: 'element',
        array: ['hooks', HOOK_EVENTS[hook]],
        value: {
          hooks: [
            {
              type: 'command',
              command: hookCommand(launcher, hook, user.platform),
              timeout: HOOK_TIMEOUT_SECONDS,
            },
          ],
        },
        label: `hooks.${HOOK_EVENTS[hook]} → deja hook ${hook}`,
        replaces: (element: unknown) => isDejaHookGroup(element, hook),
      }));
      return [
        {
          kind: 'json',
          path: project ? join(cwd, '.mcp.json') : user.claudeState,
          edits: [mcpMember('mcpServers', stdioEntry(launcher, true))],
        },
        { kind: 'json', path: join(claudeDir, 'settings.json'), edits: hooks },
        ...slashCommands(cliCommand(launcher, user.platform)).map(
          (command): FileSpec => ({
            kind: 'owned',
            path: join(claudeDir, 'commands', `${command.name}.md`),
            id: `command:${command.name}`,
            content: command.content,
            onConflict: 'skip',
            label: `slash command /${command.name}`,
          }),
        ),
      ];
    }
    case 'claude-desktop': {
      const dir = join(user.appConfig, 'Claude');
      return [
        {
          kind: 'json',
          path: join(dir, 'claude_desktop_config.json'),
          edits: [mcpMember('mcpServers', stdioEntry(launcher, false))],
        },
      ];
    }
    case 'vscode': {
      const userDir = join(user.appConfig, 'Code', 'User');
      return [
        {
          kind: 'json',
          path: project ? join(cwd, '.vscode', 'mcp.json') : join(userDir, 'mcp.json'),
          edits: [mcpMember('servers', stdioEntry(launcher, true))],
        },
        // Copilot reads instructions and custom agents from these folders (the user's: its prompts folder).
        ...(
          [
            [
              'instructions',
              'instructions',
              'deja.instructions.md',
              vscodeInstructions(),
              'Copilot instructions',
            ],
            ['agent', 'agents', 'deja.agent.md', vscodeAgent(), 'Copilot custom agent'],
          ] as const
        ).map(
          ([id, folder, name, content, label]): FileSpec => ({
            kind: 'owned',
            path: project ? join(cwd, '.github', folder, name) : join(userDir, 'prompts', name),
            id,
            content,
            onConflict: 'replace',
            label,
          }),
        ),
      ];
    }
    case 'cursor':
      return [
        {
          kind: 'json',
          path: project ? join(cwd, '.cursor', 'mcp.json') : join(user.home, '.cursor', 'mcp.json'),
          edits: [mcpMember('mcpServers', stdioEntry(launcher, false))],
        },
      ];
    case 'codex': {
      const server = serverCommand(launcher);
      return [
        {
          kind: 'toml',
          path: join(user.codex, 'config.toml'),
          id: 'mcp-server',
          table: ['mcp_servers', SERVER_NAME],
          values: { command: server.command, args: server.args, ...(server.env ? { env: server.env } : {}) },
          label: `[mcp_servers.${SERVER_NAME}]`,
        },
      ];
    }
  }
}
