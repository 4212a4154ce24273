import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseJsonc, toValue } from '../../src/install/jsonc.js';
import { DEJA_BIN } from '../support/paths.js';

/** A temp user home, data folder and project folder; the CLI never sees the real home. */
function sandbox() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'deja-install-')));
  const home = join(root, 'home');
  const data = join(root, 'data');
  const project = join(root, 'project');
  mkdirSync(home);
  mkdirSync(project);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    DEJA_USER_HOME: home,
    DEJA_HOME: data,
    DEJA_LOG_LEVEL: 'silent',
  };
  const deja = (args: string[], cwd = project) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], { cwd, env, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  return { root, home, data, project, env, deja, write };
}

/** Every file (content and mtime) and folder under a root. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        out[`${relative(root, path)}/`] = 'dir';
        walk(path);
      } else out[relative(root, path)] = `${stat.mtimeMs} ${readFileSync(path, 'utf8')}`;
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read parsed configuration documents by path
type Doc = Record<string, any>;
const jsonc = (path: string) => toValue(parseJsonc(readFileSync(path, 'utf8'))) as Doc;

const USER_FILES = {
  claudeJson:
    '{\n  "numStartups": 12,\n  "mcpServers": {\n    "github": {\n      "command": "gh-mcp"\n    }\n  },\n  "projects": {}\n}\n',
  claudeSettings:
    '{\n  "model": "opus",\n  "hooks": {\n    "SessionStart": [\n      {\n        "matcher": "startup",\n        "hooks": [{ "type": "command", "command": "echo hello" }]\n      }\n    ]\n  }\n}\n',
  vscode: [
    '// User MCP servers',
    '{',
    '  "servers": {',
    '    /* the one I use */',
    '    "fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch"] },',
    '  },',
    '  "inputs": [],',
    '}',
    '',
  ].join('\n'),
  codex:
    '# Codex\nmodel = "gpt-5-codex" # default\n\n[mcp_servers.github]\ncommand = "npx"\nargs = ["-y", "gh"]\n',
};

describe('deja install / uninstall (real CLI, temp home)', () => {
  it('installs every client into existing user files, is idempotent, and uninstalls to byte-identical files', () => {
    const s = sandbox();
    const paths = {
      claudeJson: join(s.home, '.claude.json'),
      claudeSettings: join(s.home, '.claude', 'settings.json'),
      vscode: join(s.home, '.config', 'Code', 'User', 'mcp.json'),
      codex: join(s.home, '.codex', 'config.toml'),
    };
    for (const [key, path] of Object.entries(paths))
      s.write(path, USER_FILES[key as keyof typeof USER_FILES]);
    const before = snapshot(s.home);

    const installed = s.deja(['install', '--client', 'all', '--json']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    const report = JSON.parse(installed.stdout) as {
      files: { path: string; action: string; backup: string | null }[];
    };
    expect(
      report.files
        .filter((file) => file.action === 'update')
        .map((file) => file.path)
        .sort(),
    ).toEqual(Object.values(paths).sort());

    // The MCP entries: absolute node + this package's CLI, with the data folder.
    const claude = jsonc(paths.claudeJson);
    expect(claude.numStartups).toBe(12);
    expect(claude.mcpServers.github).toEqual({ command: 'gh-mcp' });
    expect(claude.mcpServers.deja).toEqual({
      type: 'stdio',
      command: process.execPath,
      args: [realpathSync(DEJA_BIN), 'serve'],
      env: { DEJA_HOME: s.data },
    });
    const vscode = jsonc(paths.vscode);
    expect(Object.keys(vscode.servers)).toEqual(['fetch', 'deja']);
    expect(readFileSync(paths.vscode, 'utf8')).toContain('/* the one I use */');
    const codex = parseToml(readFileSync(paths.codex, 'utf8')) as Doc;
    expect(codex.model).toBe('gpt-5-codex');
    expect(codex.mcp_servers.deja).toEqual({
      command: process.execPath,
      args: [realpathSync(DEJA_BIN), 'serve'],
      env: { DEJA_HOME: s.data },
    });
    expect(jsonc(join(s.home, '.cursor', 'mcp.json')).mcpServers.deja.command).toBe(process.execPath);
    expect(
      jsonc(join(s.home, '.config', 'Claude', 'claude_desktop_config.json')).mcpServers.deja.args[1],
    ).toBe('serve');
    expect(
      readFileSync(join(s.home, '.config', 'Code', 'User', 'prompts', 'deja.instructions.md'), 'utf8'),
    ).toContain('session_start');

    // Claude Code hooks next to the user's own, and the slash commands.
    const settings = jsonc(paths.claudeSettings);
    expect(settings.model).toBe('opus');
    expect(settings.hooks.SessionStart[0].hooks[0].command).toBe('echo hello');
    for (const [event, hook] of [
      ['SessionStart', 'session-start'],
      ['SessionEnd', 'session-end'],
      ['PreCompact', 'pre-compact'],
    ]) {
      const groups = settings.hooks[event as string] as { hooks: { command: string; timeout: number }[] }[];
      const ours = groups.at(-1)?.hooks[0];
      expect(ours?.command).toMatch(new RegExp(`hook-entry\\.js --home \\S+ ${hook}$`));
      expect(ours?.timeout).toBe(10);
    }
    expect(settings.hooks.Stop).toBeUndefined();
    for (const name of ['start', 'checkpoint', 'end', 'status', 'search']) {
      const text = readFileSync(join(s.home, '.claude', 'commands', `${name}.md`), 'utf8');
      expect(text).toMatch(/mcp__deja__(session_start|session_checkpoint|session_end|session_status|search)/);
    }
    expect(readFileSync(join(s.home, '.claude', 'commands', 'search.md'), 'utf8')).toContain('$ARGUMENTS');

    // Backups of the four existing files, as they were.
    for (const file of report.files.filter((entry) => entry.action === 'update')) {
      const original =
        USER_FILES[Object.entries(paths).find(([, p]) => p === file.path)?.[0] as keyof typeof USER_FILES];
      expect(readFileSync(file.backup as string, 'utf8')).toBe(original);
    }
    const manifest = JSON.parse(readFileSync(join(s.data, 'install-manifest.json'), 'utf8')) as {
      files: unknown[];
    };
    expect(manifest.files).toHaveLength(13);

    // Again: nothing changes, not even a timestamp.
    const afterInstall = snapshot(s.home);
    const again = s.deja(['install', '--client', 'all']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to change');
    expect(snapshot(s.home)).toEqual(afterInstall);

    const removed = s.deja(['uninstall']);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    const restored = snapshot(s.home);
    for (const path of Object.values(paths)) {
      const key = relative(s.home, path);
      expect(restored[key]?.split(' ').slice(1).join(' ')).toBe(before[key]?.split(' ').slice(1).join(' '));
    }
    expect(Object.keys(restored).sort()).toEqual(Object.keys(before).sort());
    expect(existsSync(join(s.data, 'install-manifest.json'))).toBe(false);

    const twice = s.deja(['uninstall']);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain('nothing to do');
  });

  it('project scope: writes the project files and leaves the tree exactly as it was after uninstall', () => {
    const s = sandbox();
    s.write(
      join(s.project, '.claude', 'settings.json'),
      '{\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n',
    );
    s.write(join(s.project, '.vscode', 'settings.json'), '{ "editor.tabSize": 2 }\n');
    s.write(join(s.project, 'README.md'), '# demo\n');
    const before = snapshot(s.project);

    const installed = s.deja(['install', '--client', 'claude-code,vscode,cursor', '--scope', 'project']);
    expect(installed.code).toBe(0);
    expect(jsonc(join(s.project, '.mcp.json')).mcpServers.deja.type).toBe('stdio');
    expect(jsonc(join(s.project, '.vscode', 'mcp.json')).servers.deja.args[1]).toBe('serve');
    expect(jsonc(join(s.project, '.cursor', 'mcp.json')).mcpServers.deja).toBeDefined();
    expect(jsonc(join(s.project, '.claude', 'settings.json')).permissions.allow).toEqual(['Bash(npm test)']);
    expect(existsSync(join(s.project, '.claude', 'commands', 'end.md'))).toBe(true);
    expect(existsSync(join(s.project, '.github', 'instructions', 'deja.instructions.md'))).toBe(true);
    expect(readFileSync(join(s.project, '.github', 'agents', 'deja.agent.md'), 'utf8')).toMatch(
      /^---\nname: deja\n[\s\S]*session_start[\s\S]*session_end/,
    );
    expect(readdirSync(s.home)).toEqual([]);

    const other = join(s.root, 'elsewhere');
    mkdirSync(other);
    expect(s.deja(['uninstall', '--scope', 'project'], other).stdout).toContain('nothing to do');
    const removed = s.deja(['uninstall', '--scope', 'project']);
    expect(removed.code).toBe(0);
    const after = snapshot(s.project);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const key of Object.keys(before)) {
      if (before[key] !== 'dir')
        expect(after[key]?.split(' ').slice(1).join(' ')).toBe(before[key]?.split(' ').slice(1).join(' '));
    }
  });

  it('--dry-run prints a unified diff and writes nothing at all', () => {
    const s = sandbox();
    s.write(join(s.home, '.cursor', 'mcp.json'), '{\n  "mcpServers": {}\n}\n');
    const before = snapshot(s.root);
    const dry = s.deja(['install', '--client', 'cursor,codex,claude-code', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      '--- ~/.cursor/mcp.json\n+++ ~/.cursor/mcp.json\n@@ -1,3 +1,14 @@\n {\n-  "mcpServers": {}\n+  "mcpServers": {\n+    "deja": {',
    );
    expect(dry.stdout).toContain('--- /dev/null\n+++ ~/.codex/config.toml\n');
    expect(dry.stdout).toContain('+[mcp_servers.deja]');
    expect(dry.stdout).toContain('+++ ~/.claude/commands/status.md');
    expect(snapshot(s.root)).toEqual(before);
    expect(existsSync(s.data)).toBe(false);

    // The diff is exactly what the real run writes.
    const patchDir = join(s.root, 'patched');
    mkdirSync(join(patchDir, '.cursor'), { recursive: true });
    writeFileSync(join(patchDir, '.cursor', 'mcp.json'), '{\n  "mcpServers": {}\n}\n');
    const cursorDiff = s.deja(['install', '--client', 'cursor', '--dry-run']).stdout.replaceAll('~/', '');
    const patched = spawnSync('patch', ['-p0', '--quiet'], {
      cwd: patchDir,
      input: cursorDiff,
      encoding: 'utf8',
    });
    expect(patched.status).toBe(0);
    expect(s.deja(['install', '--client', 'cursor']).code).toBe(0);
    expect(readFileSync(join(patchDir, '.cursor', 'mcp.json'), 'utf8')).toBe(
      readFileSync(join(s.home, '.cursor', 'mcp.json'), 'utf8'),
    );

    const installed = snapshot(s.root);
    const dryUninstall = s.deja(['uninstall', '--dry-run', '--json']);
    expect(JSON.parse(dryUninstall.stdout).diff).toContain('-    "deja": {');
    expect(snapshot(s.root)).toEqual(installed);
  });

  it('refuses bad options and malformed files with a clear message, changing nothing', () => {
    const s = sandbox();
    const badClient = s.deja(['install', '--client', 'emacs']);
    expect(badClient.code).toBe(1);
    expect(badClient.stderr).toContain(
      '`--client` must be one of claude-code, claude-desktop, vscode, cursor, codex',
    );
    expect(badClient.stderr).toContain('"emacs"');
    const badScope = s.deja(['install', '--scope', 'global']);
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toContain('`--scope` must be one of user, project');
    const noProject = s.deja(['install', '--client', 'codex', '--scope', 'project']);
    expect(noProject.code).toBe(1);
    expect(noProject.stderr).toContain('`--scope` cannot be project for codex');
    expect(s.deja(['uninstall', '--client', 'nope']).stderr).toContain('`--client` must be one of');

    const broken = '{\n  "mcpServers": {\n    "x": { "command": "y" }\n    "z": {}\n  }\n}\n';
    s.write(join(s.home, '.cursor', 'mcp.json'), broken);
    s.write(join(s.home, '.codex', 'config.toml'), 'model = "a"\n[mcp_servers\n');
    s.write(join(s.home, '.config', 'Claude', 'claude_desktop_config.json'), '{"mcpServers": ["x"]}');
    const before = snapshot(s.root);
    const bad = s.deja(['install', '--client', 'claude-code,cursor']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      '`~/.cursor/mcp.json` is not valid JSON (expected , or } at line 4, column 5)',
    );
    expect(bad.stderr).toContain('nothing was changed');
    const badToml = s.deja(['install', '--client', 'codex']);
    expect(badToml.code).toBe(1);
    expect(badToml.stderr).toContain('`~/.codex/config.toml` is not valid TOML');
    const shape = s.deja(['install', '--client', 'claude-desktop']);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toContain('mcpServers must be an object');
    // All or nothing: claude-code, listed before the broken cursor file, was not installed either.
    expect(snapshot(s.root)).toEqual(before);

    s.write(join(s.home, '.codex', 'config.toml'), '[mcp_servers]\ndeja = { command = "x" }\n');
    const inline = s.deja(['install', '--client', 'codex']);
    expect(inline.code).toBe(1);
    expect(inline.stderr).toContain('defines mcp_servers.deja inline or with dotted keys');
  });

  it('after the user edits a file, uninstall removes only deja’s entry, and keeps a changed one', () => {
    const s = sandbox();
    const cursor = join(s.home, '.cursor', 'mcp.json');
    s.write(cursor, '{\n  "mcpServers": {\n    "a": { "command": "a" }\n  }\n}\n');
    expect(s.deja(['install', '--client', 'cursor,claude-code']).code).toBe(0);
    // The user adds a server after deja's, and Claude Code rewrites its file with another key.
    const edited = readFileSync(cursor, 'utf8').replace(
      /\n {2}\}\n\}\n$/,
      ',\n    "b": { "command": "b" }\n  }\n}\n',
    );
    writeFileSync(cursor, edited);
    const claudeJson = join(s.home, '.claude.json');
    const claude = jsonc(claudeJson);
    claude.tipsHistory = { x: 1 };
    claude.mcpServers.deja.env.EXTRA = '1'; // the user changed deja's entry
    writeFileSync(claudeJson, JSON.stringify(claude, null, 2));

    const removed = s.deja(['uninstall']);
    expect(removed.code).toBe(0);
    expect(readFileSync(cursor, 'utf8')).toBe(
      '{\n  "mcpServers": {\n    "a": { "command": "a" },\n    "b": { "command": "b" }\n  }\n}\n',
    );
    expect(removed.stderr).toContain('mcpServers.deja was changed after deja install; left as is');
    expect(jsonc(claudeJson).mcpServers.deja.env.EXTRA).toBe('1');
    expect(existsSync(join(s.home, '.claude', 'settings.json'))).toBe(false);
  });

  it('replaces a hand-written deja entry and restores it on uninstall; never overwrites the user’s slash commands', () => {
    const s = sandbox();
    const mcp = join(s.project, '.mcp.json');
    const handWritten =
      '{\n  "mcpServers": {\n    "deja": { "command": "node", "args": ["/old/deja/dist/cli/main.js", "serve"] } // by hand\n  }\n}\n';
    s.write(mcp, handWritten);
    const mine = '---\ndescription: my own start\n---\nDo my thing.\n';
    s.write(join(s.project, '.claude', 'commands', 'start.md'), mine);

    const installed = s.deja(['install', '--scope', 'project']);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('replace mcpServers.deja (restored on uninstall)');
    expect(installed.stderr).toContain('.claude/commands/start.md already exists and is not deja');
    expect(jsonc(mcp).mcpServers.deja.command).toBe(process.execPath);
    expect(readFileSync(join(s.project, '.claude', 'commands', 'start.md'), 'utf8')).toBe(mine);

    // A change elsewhere in the file: uninstall must edit, not restore the backup.
    writeFileSync(mcp, readFileSync(mcp, 'utf8').replace('{\n', '{\n  "extra": true,\n'));
    expect(s.deja(['uninstall']).code).toBe(0);
    expect(readFileSync(mcp, 'utf8')).toBe(handWritten.replace('{\n', '{\n  "extra": true,\n'));
    expect(readFileSync(join(s.project, '.claude', 'commands', 'start.md'), 'utf8')).toBe(mine);
    expect(existsSync(join(s.project, '.claude', 'commands', 'end.md'))).toBe(false);
  });

  it('re-install with another data folder updates the entries in place (no duplicate hooks)', () => {
    const s = sandbox();
    expect(s.deja(['install']).code).toBe(0);
    const moved = join(s.root, 'data2');
    const again = spawnSync(process.execPath, [DEJA_BIN, '--home', moved, 'install'], {
      cwd: s.project,
      env: { ...s.env, DEJA_HOME: s.data },
      encoding: 'utf8',
    });
    expect(again.status).toBe(0);
    const settings = jsonc(join(s.home, '.claude', 'settings.json'));
    expect(settings.hooks.SessionStart).toHaveLength(1);
    expect(settings.hooks.SessionStart[0].hooks[0].command).toContain(`--home ${moved} session-start`);
    expect(jsonc(join(s.home, '.claude.json')).mcpServers.deja.env).toEqual({ DEJA_HOME: moved });
  });
});
