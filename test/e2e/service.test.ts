import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEJA_BIN } from '../support/paths.js';

function sandbox() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'deja-service-')));
  const home = join(root, 'home');
  const data = join(root, 'data');
  const bin = join(root, 'bin');
  mkdirSync(home);
  mkdirSync(bin);
  // PATH holds only `bin`: the real systemctl/launchctl/schtasks are never reached.
  const env = { PATH: bin, HOME: home, DEJA_USER_HOME: home, DEJA_HOME: data, DEJA_LOG_LEVEL: 'silent' };
  const deja = (args: string[]) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, 'service', ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** A stand-in for a service manager tool: logs its arguments, answers with `output` and `code`. */
  const fakeTool = (name: string, script = 'exit 0') => {
    const path = join(bin, name);
    writeFileSync(path, `#!/bin/sh\necho "$@" >> ${JSON.stringify(join(root, `${name}.log`))}\n${script}\n`);
    chmodSync(path, 0o755);
    return () =>
      existsSync(join(root, `${name}.log`))
        ? readFileSync(join(root, `${name}.log`), 'utf8')
            .trim()
            .split('\n')
        : [];
  };
  return { root, home, data, bin, deja, fakeTool };
}

describe('deja service (real CLI, temp home)', () => {
  it('installs the systemd unit, is idempotent, takes --command, and uninstalls it with the folders it made', () => {
    const s = sandbox();
    const unit = join(s.home, '.config', 'systemd', 'user', 'deja.service');

    const dry = s.deja(['install', '--platform', 'linux', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+++ ~/.config/systemd/user/deja.service');
    expect(existsSync(join(s.home, '.config'))).toBe(false);
    expect(existsSync(s.data)).toBe(false);

    const installed = s.deja(['install', '--platform', 'linux']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain('~/.config/systemd/user/deja.service: systemd user unit');
    const text = readFileSync(unit, 'utf8');
    expect(text).toContain(
      `ExecStart=${process.execPath} ${realpathSync(DEJA_BIN)} --home ${s.data} serve --http\n`,
    );
    expect(text).toContain('WantedBy=default.target');
    expect(s.deja(['install', '--platform', 'linux']).stdout).toContain('nothing to change');

    const custom = s.deja(['install', '--platform', 'linux', '--command', 'serve --http --port 9000']);
    expect(custom.code).toBe(0);
    expect(readFileSync(unit, 'utf8')).toContain(' serve --http --port 9000\n');

    const removed = s.deja(['uninstall']);
    expect(removed.code).toBe(0);
    expect(existsSync(unit)).toBe(false);
    expect(readdirSync(s.home)).toEqual([]);
    expect(existsSync(join(s.data, 'install-manifest.json'))).toBe(false);
    expect(s.deja(['uninstall']).stdout).toContain('nothing to do');
  });

  it('writes the launchd agent and the Task Scheduler task for the other platforms', () => {
    const s = sandbox();
    expect(s.deja(['install', '--platform', 'darwin']).code).toBe(0);
    expect(s.deja(['install', '--platform', 'win32']).code).toBe(0);
    const plist = readFileSync(join(s.home, 'Library', 'LaunchAgents', 'dev.deja.plist'), 'utf8');
    expect(plist).toContain('<string>dev.deja</string>');
    expect(plist).toContain(`<string>${s.data}/service.log</string>`);
    const task = readFileSync(join(s.data, 'service', 'deja-task.xml'), 'utf8');
    expect(task).toContain(`<Command>${process.execPath}</Command>`);
    expect(task).toContain('serve --http</Arguments>');

    expect(s.deja(['uninstall', '--platform', 'darwin']).code).toBe(0);
    expect(existsSync(join(s.home, 'Library'))).toBe(false);
    expect(existsSync(join(s.data, 'service', 'deja-task.xml'))).toBe(true);
    expect(s.deja(['uninstall']).code).toBe(0);
    expect(existsSync(join(s.data, 'service'))).toBe(false);
  });

  it('keeps a unit file that is not deja’s, and puts it back on uninstall', () => {
    const s = sandbox();
    const unit = join(s.home, '.config', 'systemd', 'user', 'deja.service');
    mkdirSync(join(s.home, '.config', 'systemd', 'user'), { recursive: true });
    writeFileSync(unit, '[Service]\nExecStart=/my/own/deja\n');
    const installed = s.deja(['install', '--platform', 'linux']);
    expect(installed.stdout).toContain('restored on uninstall');
    expect(readFileSync(unit, 'utf8')).toContain('serve --http');
    expect(s.deja(['uninstall']).code).toBe(0);
    expect(readFileSync(unit, 'utf8')).toBe('[Service]\nExecStart=/my/own/deja\n');
  });

  it('says clearly when the service manager is missing, or the service is not installed', () => {
    const s = sandbox();
    const status = s.deja(['status', '--platform', 'linux']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deja service is not installed (no ~/.config/systemd/user/deja.service)');
    const early = s.deja(['start', '--platform', 'linux']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('the service is not installed');

    expect(s.deja(['install', '--platform', 'linux']).code).toBe(0);
    for (const [platform, tool] of [
      ['linux', 'systemctl'],
      ['darwin', 'launchctl'],
      ['win32', 'schtasks'],
    ] as const) {
      if (platform !== 'linux') expect(s.deja(['install', '--platform', platform]).code).toBe(0);
      const missing = s.deja(['start', '--platform', platform]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(`${tool} was not found on PATH: deja's service needs`);
      expect(missing.stderr).toContain(`${realpathSync(DEJA_BIN)} --home ${s.data} serve --http`);
    }
  });

  it('drives systemctl --user for start, status and stop', () => {
    const s = sandbox();
    const calls = s.fakeTool(
      'systemctl',
      'case "$*" in *status*) echo "○ deja.service - deja"; echo "     Active: inactive (dead)"; exit 3;; esac',
    );
    expect(s.deja(['install', '--platform', 'linux']).code).toBe(0);
    const start = s.deja(['start', '--platform', 'linux']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('deja service start: done');
    const status = s.deja(['status', '--platform', 'linux']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Active: inactive (dead)');
    const stop = s.deja(['stop', '--platform', 'linux', '--json']);
    expect(JSON.parse(stop.stdout)).toMatchObject({
      ok: true,
      runs: [{ command: 'systemctl --user disable --now deja.service', code: 0 }],
    });
    expect(calls()).toEqual([
      '--user daemon-reload',
      '--user enable --now deja.service',
      '--user status deja.service --no-pager',
      '--user disable --now deja.service',
    ]);

    s.fakeTool('systemctl', 'echo "Failed to connect to bus: No medium found" >&2; exit 1');
    const failed = s.deja(['start', '--platform', 'linux']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Failed to connect to bus');
    expect(failed.stderr).toContain('`systemctl --user daemon-reload` failed (exit code 1)');
  });

  it('registers the task with schtasks from a UTF-16 copy of the XML', () => {
    const s = sandbox();
    const copy = join(s.root, 'registered.xml');
    const calls = s.fakeTool(
      'schtasks',
      `prev=""; for a in "$@"; do if [ "$prev" = "/XML" ]; then /bin/cat "$a" > ${JSON.stringify(copy)}; fi; prev="$a"; done`,
    );
    expect(s.deja(['install', '--platform', 'win32']).code).toBe(0);
    expect(s.deja(['start', '--platform', 'win32']).code).toBe(0);
    expect(calls()[0]).toMatch(/^\/Create \/TN deja \/XML \S+deja-task\.xml \/F$/);
    expect(calls()[1]).toBe('/Run /TN deja');
    const bytes = readFileSync(copy);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('encoding="UTF-16"');
  });

  it('names the option and the allowed values for bad input', () => {
    const s = sandbox();
    const platform = s.deja(['install', '--platform', 'beos']);
    expect(platform.code).toBe(1);
    expect(platform.stderr).toContain('`--platform` must be one of linux, darwin, win32');
    const empty = s.deja(['install', '--platform', 'linux', '--command', '  ']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('`--command` must not be empty');
    expect(existsSync(s.data)).toBe(false);
  });
});
