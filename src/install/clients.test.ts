import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENTS, clientFiles, isDejaHookGroup, parseClients, parseScope } from './clients.js';
import { cliCommand, hookCommand, type Launcher, shellQuote } from './launcher.js';
import { displayPath, userLocations } from './locations.js';

const LAUNCHER: Launcher = {
  node: '/usr/bin/node',
  cli: '/opt/deja/dist/cli/main.js',
  hookEntry: '/opt/deja/dist/install/hook-entry.js',
  home: null,
};

describe('user locations', () => {
  it('derives every folder from DEJA_USER_HOME, ignoring XDG_CONFIG_HOME and APPDATA', () => {
    const env = { DEJA_USER_HOME: '/t/home', XDG_CONFIG_HOME: '/real/.config', APPDATA: 'C:\\Real' };
    expect(
      userLocations({ ...env, CLAUDE_CONFIG_DIR: '/real/claude', CODEX_HOME: '/real/codex' }, 'linux'),
    ).toEqual({
      platform: 'linux',
      home: '/t/home',
      appConfig: '/t/home/.config',
      claude: '/t/home/.claude',
      claudeState: '/t/home/.claude.json',
      codex: '/t/home/.codex',
    });
    expect(userLocations(env, 'darwin').appConfig).toBe('/t/home/Library/Application Support');
    expect(userLocations(env, 'win32').appConfig).toBe(join('/t/home', 'AppData', 'Roaming'));
  });

  it('follows XDG_CONFIG_HOME and APPDATA for a real user', () => {
    expect(userLocations({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux').appConfig).toBe('/x/cfg');
    expect(userLocations({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32').appConfig).toBe(
      'C:\\Users\\me\\AppData\\Roaming',
    );
  });

  it('keeps Claude Code’s state file in the home folder unless CLAUDE_CONFIG_DIR moves it', () => {
    expect(userLocations({}, 'linux').claudeState).toMatch(/[/\\]\.claude\.json$/);
    expect(userLocations({ CLAUDE_CONFIG_DIR: '/cfg/claude' }, 'linux').claudeState).toBe(
      '/cfg/claude/.claude.json',
    );
    expect(userLocations({ CLAUDE_CONFIG_DIR: '  ' }, 'linux').claude).not.toBe('');
  });

  it('follows CLAUDE_CONFIG_DIR and CODEX_HOME as the assistants do', () => {
    const user = userLocations({ CLAUDE_CONFIG_DIR: '/cfg/claude', CODEX_HOME: '/cfg/codex' }, 'linux');
    expect([user.claude, user.codex]).toEqual(['/cfg/claude', '/cfg/codex']);
    const files = (client: 'claude-code' | 'codex') =>
      clientFiles({ client, scope: 'user', user, cwd: '/work/app', launcher: LAUNCHER }).map(
        (file) => file.path,
      );
    expect(files('claude-code').every((path) => path.startsWith('/cfg/claude/'))).toBe(true);
    expect(files('claude-code')).toContain('/cfg/claude/settings.json');
    expect(files('claude-code')).toContain('/cfg/claude/.claude.json');
    expect(files('codex')).toEqual(['/cfg/codex/config.toml']);
  });

  it('shows paths under the home folder as ~', () => {
    expect(displayPath('/t/home/.claude.json', '/t/home')).toBe('~/.claude.json');
    expect(displayPath('/t/homework/x', '/t/home')).toBe('/t/homework/x');
  });
});

describe('client definitions', () => {
  const paths = (
    client: (typeof CLIENTS)[number],
    platform: 'linux' | 'darwin' | 'win32',
    scope: 'user' | 'project' = 'user',
  ) =>
    clientFiles({
      client,
      scope,
      user: userLocations({ DEJA_USER_HOME: '/u' }, platform),
      cwd: '/p',
      launcher: LAUNCHER,
    }).map((file) => file.path);

  it('puts each client’s configuration where that client reads it', () => {
    expect(paths('claude-code', 'linux')).toEqual([
      '/u/.claude.json',
      '/u/.claude/settings.json',
      ...['start', 'checkpoint', 'end', 'status', 'search'].map((name) => `/u/.claude/commands/${name}.md`),
    ]);
    expect(paths('claude-code', 'linux', 'project').slice(0, 3)).toEqual([
      '/p/.mcp.json',
      '/p/.claude/settings.json',
      '/p/.claude/commands/start.md',
    ]);
    expect(paths('claude-desktop', 'linux')).toEqual(['/u/.config/Claude/claude_desktop_config.json']);
    expect(paths('claude-desktop', 'darwin')).toEqual([
      '/u/Library/Application Support/Claude/claude_desktop_config.json',
    ]);
    expect(paths('claude-desktop', 'win32')).toEqual([
      join('/u', 'AppData', 'Roaming', 'Claude', 'claude_desktop_config.json'),
    ]);
    expect(paths('vscode', 'darwin')).toEqual([
      '/u/Library/Application Support/Code/User/mcp.json',
      '/u/Library/Application Support/Code/User/prompts/deja.instructions.md',
      '/u/Library/Application Support/Code/User/prompts/deja.agent.md',
    ]);
    expect(paths('vscode', 'linux', 'project')).toEqual([
      '/p/.vscode/mcp.json',
      '/p/.github/instructions/deja.instructions.md',
      '/p/.github/agents/deja.agent.md',
    ]);
    expect(paths('cursor', 'linux')).toEqual(['/u/.cursor/mcp.json']);
    expect(paths('cursor', 'linux', 'project')).toEqual(['/p/.cursor/mcp.json']);
    expect(paths('codex', 'win32')).toEqual([join('/u', '.codex', 'config.toml')]);
  });

  it('uses each client’s key and entry shape', () => {
    const user = userLocations({ DEJA_USER_HOME: '/u' }, 'linux');
    const spec = (client: (typeof CLIENTS)[number]) =>
      clientFiles({ client, scope: 'user', user, cwd: '/p', launcher: { ...LAUNCHER, home: '/data' } })[0];
    expect(spec('vscode')).toMatchObject({
      kind: 'json',
      edits: [
        {
          container: ['servers'],
          key: 'deja',
          value: {
            type: 'stdio',
            command: '/usr/bin/node',
            args: ['/opt/deja/dist/cli/main.js', 'serve'],
            env: { DEJA_HOME: '/data' },
          },
        },
      ],
    });
    expect(spec('cursor')).toMatchObject({
      edits: [{ container: ['mcpServers'], value: { command: '/usr/bin/node' } }],
    });
    expect(spec('codex')).toMatchObject({
      kind: 'toml',
      table: ['mcp_servers', 'deja'],
      values: { env: { DEJA_HOME: '/data' } },
    });
  });

  it('names the option and the allowed values in errors', () => {
    expect(parseClients('cursor, codex', [])).toEqual(['cursor', 'codex']);
    expect(parseClients('all', [])).toEqual([...CLIENTS]);
    expect(parseClients(undefined, ['claude-code'])).toEqual(['claude-code']);
    expect(() => parseClients('cursor,zed', [])).toThrow(
      '`--client` must be one of claude-code, claude-desktop, vscode, cursor, codex (or several, comma-separated, or all). you sent "cursor,zed"',
    );
    expect(() => parseClients('', [])).toThrow(/--client/);
    expect(() => parseScope('machine')).toThrow('`--scope` must be one of user, project');
    expect(() =>
      clientFiles({
        client: 'claude-desktop',
        scope: 'project',
        user: userLocations({ DEJA_USER_HOME: '/u' }, 'linux'),
        cwd: '/p',
        launcher: LAUNCHER,
      }),
    ).toThrow(/cannot be project for claude-desktop/);
  });

  it('recognises the hook groups deja wrote, and no others', () => {
    const group = (command: string) => ({ hooks: [{ type: 'command', command }] });
    expect(isDejaHookGroup(group(hookCommand(LAUNCHER, 'session-end', 'linux')), 'session-end')).toBe(true);
    expect(isDejaHookGroup(group(hookCommand(LAUNCHER, 'session-end', 'linux')), 'session-start')).toBe(
      false,
    );
    expect(isDejaHookGroup(group('echo session-end'), 'session-end')).toBe(false);
    expect(isDejaHookGroup({ matcher: 'x' }, 'session-end')).toBe(false);
  });
});

describe('hook commands', () => {
  it('quote words for the shell the hooks run in', () => {
    expect(shellQuote('/usr/bin/node', 'linux')).toBe('/usr/bin/node');
    expect(shellQuote("/a b/it's", 'linux')).toBe(`'/a b/it'\\''s'`);
    expect(shellQuote('C:\\Program Files\\nodejs\\node.exe', 'win32')).toBe(
      '"C:\\Program Files\\nodejs\\node.exe"',
    );
    expect(shellQuote('C:\\deja\\main.js', 'win32')).toBe('C:\\deja\\main.js');
    expect(hookCommand({ ...LAUNCHER, home: '/d' }, 'pre-compact', 'linux')).toBe(
      '/usr/bin/node /opt/deja/dist/install/hook-entry.js --home /d pre-compact',
    );
    expect(cliCommand(LAUNCHER, 'linux')).toBe('/usr/bin/node /opt/deja/dist/cli/main.js');
  });

  it('survive a real shell with spaces, quotes and dollars in the paths', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'deja-quote-')), "it's a $HOME `dir`");
    mkdirSync(dir);
    const script = join(dir, 'hook-entry.js');
    writeFileSync(script, 'process.stdout.write(JSON.stringify(process.argv.slice(2)))');
    const command = hookCommand(
      { ...LAUNCHER, node: process.execPath, hookEntry: script, home: dir },
      'session-start',
      'linux',
    );
    const result = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
    expect(JSON.parse(result.stdout)).toEqual(['--home', dir, 'session-start']);
  });
});
