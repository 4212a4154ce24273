import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { applyPlans } from './apply.js';
import type { FileSpec } from './clients.js';
import { emptyManifest, type Manifest, readManifest } from './manifest.js';
import { type PlanContext, planFile, planRemoval } from './plan.js';

/** Real files in a temp folder: plan, apply, and undo, the way the CLI does. */
function workspace() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'deja-plan-')));
  const data = join(root, 'data');
  const ctx: PlanContext = {
    client: 'codex',
    scope: 'user',
    project: null,
    home: root,
    now: new Date('2026-11-24T09:00:00Z'),
  };
  const install = (spec: FileSpec) => {
    const manifest = readManifest(data);
    const plan = planFile(
      spec,
      manifest.files.find((record) => record.path === spec.path),
      ctx,
    );
    applyPlans([plan], manifest, data, ctx.now);
    return plan;
  };
  const uninstall = () => {
    const manifest: Manifest = readManifest(data);
    const plans = manifest.files.map((record) => planRemoval(record, root));
    applyPlans(plans, manifest, data, new Date('2026-11-24T10:00:00Z'));
    return plans;
  };
  return { root, data, install, uninstall };
}

const codexSpec = (path: string): FileSpec => ({
  kind: 'toml',
  path,
  id: 'mcp-server',
  table: ['mcp_servers', 'deja'],
  values: { command: '/usr/bin/node', args: ['/opt/deja/dist/cli/main.js', 'serve'] },
  label: '[mcp_servers.deja]',
});

describe('install plans on real files', () => {
  it('replaces a hand-written Codex table and restores it after the file changed elsewhere', () => {
    const w = workspace();
    const path = join(w.root, 'config.toml');
    const original =
      '# mine\nmodel = "o3"\n\n[mcp_servers.deja]\ncommand = "deja"\nargs = ["serve"]\n\n[profiles.x]\nmodel = "y"\n';
    writeFileSync(path, original);
    const plan = w.install(codexSpec(path));
    expect(plan.changes).toEqual(['replace [mcp_servers.deja] (restored on uninstall)']);
    const parsed = parseToml(readFileSync(path, 'utf8')) as { mcp_servers: { deja: { command: string } } };
    expect(parsed.mcp_servers.deja.command).toBe('/usr/bin/node');
    expect(readFileSync(path, 'utf8')).toContain('[profiles.x]\nmodel = "y"\n');

    writeFileSync(path, readFileSync(path, 'utf8').replace('model = "o3"', 'model = "o4"'));
    const [removal] = w.uninstall();
    expect(removal?.changes).toEqual(['restore [mcp_servers.deja]']);
    expect(readFileSync(path, 'utf8')).toBe(original.replace('model = "o3"', 'model = "o4"'));
  });

  it('falls back to editing when the backup is gone, and keeps a created file the user added to', () => {
    const w = workspace();
    const path = join(w.root, 'config.toml');
    writeFileSync(path, 'model = "o3"\n');
    w.install(codexSpec(path));
    const [record] = emptyManifest().files.concat(readManifest(w.data).files);
    rmSync(record?.backup as string);
    w.uninstall();
    expect(readFileSync(path, 'utf8')).toBe('model = "o3"\n');

    const created = join(w.root, 'new', 'config.toml');
    w.install(codexSpec(created));
    writeFileSync(created, `${readFileSync(created, 'utf8')}\n[mcp_servers.other]\ncommand = "x"\n`);
    w.uninstall();
    expect(readFileSync(created, 'utf8')).toBe('\n[mcp_servers.other]\ncommand = "x"\n');
  });

  it('deletes a file and the folders it created when nothing else was added', () => {
    const w = workspace();
    const path = join(w.root, 'a', 'b', 'config.toml');
    w.install(codexSpec(path));
    expect(readManifest(w.data).files[0]?.createdDirs).toEqual([join(w.root, 'a', 'b'), join(w.root, 'a')]);
    w.uninstall();
    expect(existsSync(join(w.root, 'a'))).toBe(false);
    expect(existsSync(join(w.data, 'install-manifest.json'))).toBe(false);
  });

  it('leaves an owned file the user edited, with a warning', () => {
    const w = workspace();
    const path = join(w.root, 'cmd', 'start.md');
    const spec: FileSpec = {
      kind: 'owned',
      path,
      id: 'command:start',
      content: 'deja start\n',
      onConflict: 'skip',
      label: '/start',
    };
    w.install(spec);
    writeFileSync(path, 'deja start, my way\n');
    const [removal] = w.uninstall();
    expect(removal?.warnings).toEqual(['~/cmd/start.md was changed after deja install; left as is']);
    expect(readFileSync(path, 'utf8')).toBe('deja start, my way\n');
  });

  it('re-installing after an outside change keeps the entry deja owns and stops promising an exact restore', () => {
    const w = workspace();
    const path = join(w.root, 'config.toml');
    mkdirSync(w.root, { recursive: true });
    writeFileSync(path, 'a = 1\n');
    w.install(codexSpec(path));
    expect(readManifest(w.data).files[0]?.exact).toBe(true);
    writeFileSync(path, `b = 2\n${readFileSync(path, 'utf8')}`);
    const again = w.install(codexSpec(path));
    expect(again.changes).toEqual([]);
    expect(readManifest(w.data).files[0]?.exact).toBe(false);
    w.uninstall();
    expect(readFileSync(path, 'utf8')).toBe('b = 2\na = 1\n');
  });
});
