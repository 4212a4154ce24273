import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  launchdPlist,
  type ServiceSpec,
  splitWords,
  systemdUnit,
  taskSchedulerXml,
  toUtf16Task,
  windowsArg,
} from './service-files.js';

/** Golden files: regenerate with UPDATE_GOLDEN=1 after an intended change, and review the diff. */
const GOLDEN = fileURLToPath(new URL('../../test/golden/service/', import.meta.url));

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const UNIX: ServiceSpec = {
  node: '/usr/local/bin/node',
  cli: '/home/ada/src/deja/dist/cli/main.js',
  home: '/home/ada/.deja',
  args: ['serve', '--http'],
  logFile: '/home/ada/.deja/service.log',
};

const WINDOWS: ServiceSpec = {
  node: 'C:\\Program Files\\nodejs\\node.exe',
  cli: 'C:\\Users\\Ada Lovelace\\src\\deja\\dist\\cli\\main.js',
  home: 'C:\\Users\\Ada Lovelace\\.deja',
  args: ['serve', '--http'],
  logFile: 'C:\\Users\\Ada Lovelace\\.deja\\service.log',
};

describe('service definitions (golden files)', () => {
  it('systemd user unit', () => golden('deja.service', systemdUnit(UNIX)));
  it('launchd agent', () =>
    golden(
      'dev.deja.plist',
      launchdPlist({ ...UNIX, home: '/Users/ada/.deja', logFile: '/Users/ada/.deja/service.log' }),
    ));
  it('Task Scheduler task', () => golden('deja-task.xml', taskSchedulerXml(WINDOWS)));

  it('escapes what each format would otherwise interpret', () => {
    const odd = { ...UNIX, home: '/home/ada/100% "my" $data & <more>', args: ['serve', '--http'] };
    expect(systemdUnit(odd)).toContain('--home "/home/ada/100%% \\"my\\" $$data & <more>" serve --http');
    expect(launchdPlist(odd)).toContain('<string>/home/ada/100% "my" $data &amp; &lt;more&gt;</string>');
    expect(windowsArg('C:\\a b\\')).toBe('"C:\\a b\\\\"');
    expect(windowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsArg('plain')).toBe('plain');
  });

  it('gives schtasks UTF-16 with a byte-order mark', () => {
    const bytes = toUtf16Task(taskSchedulerXml(WINDOWS));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString('utf16le');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    expect(text).toContain('<Command>C:\\Program Files\\nodejs\\node.exe</Command>');
  });

  it('splits --command like a shell would', () => {
    expect(splitWords('serve --http --port 9000')).toEqual(['serve', '--http', '--port', '9000']);
    expect(splitWords(`serve --host "0.0.0.0" --name 'a b'`)).toEqual([
      'serve',
      '--host',
      '0.0.0.0',
      '--name',
      'a b',
    ]);
    expect(splitWords('   ')).toEqual([]);
  });

  it('writes a unit systemd itself accepts', () => {
    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (analyze.error) return; // systemd's tools are not installed here
    const dir = mkdtempSync(join(tmpdir(), 'deja-unit-'));
    const unit = join(dir, 'deja.service');
    writeFileSync(
      unit,
      systemdUnit({ ...UNIX, node: process.execPath, cli: fileURLToPath(import.meta.url) }),
    );
    const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(existsSync(unit)).toBe(true);
    expect(verify.stderr).not.toMatch(/deja\.service:\d+: /); // no line-level complaint about the unit
  });
});
