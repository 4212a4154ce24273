import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsProjectFiles } from '../../src/app/plugins/project-files.js';
import { evaluatePlugin } from '../../src/core/plugins/evaluate.js';
import type { PluginSessionData } from '../../src/core/plugins/plugin.js';
import { pluginForSkill, selectPlugin } from '../../src/core/plugins/registry.js';
import { parseTasks, specKitPlugin } from '../../src/core/plugins/spec-kit.js';
import { specRefinerPlugin } from '../../src/core/plugins/spec-refiner.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, structured } from '../support/stdio-client.js';

const noSession: PluginSessionData = {
  goal: null,
  branch: null,
  status: null,
  outcome: null,
  checkpoints: [],
  openQuestions: [],
};

function write(root: string, path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** spec-kit layout: feature 001 finished (2/2), feature 002 planned with 2 of 5 tasks done. */
function specKitFolder(root: string) {
  write(root, 'specs/001-photo-albums/spec.md', '# Photo albums\n');
  write(root, 'specs/001-photo-albums/plan.md', '# Plan\n');
  write(root, 'specs/001-photo-albums/tasks.md', '- [x] T001 Create project\n- [X] T002 Album model\n');
  write(root, 'specs/002-sharing/spec.md', '# Sharing\n');
  write(root, 'specs/002-sharing/plan.md', '# Plan\n');
  write(
    root,
    'specs/002-sharing/tasks.md',
    [
      '# Tasks: Sharing',
      '## Phase 3.1: Setup',
      '- [x] T001 Add share table migration',
      '- [x] T002 [P] Contract test POST /api/shares',
      '## Phase 3.2: Core',
      '- [ ] T003 [P] Share link model in src/models/share.ts',
      '- [ ] T004 Share service',
      '  - [ ] T005 Revoke endpoint',
      'Not a task: [ ] inline brackets',
    ].join('\n'),
  );
}

/** spec-refiner state: phase review (3 of 4), iteration 2 of 3, open questions and findings. */
function specRefinerFolder(root: string) {
  write(
    root,
    '.spec-refiner/state.json',
    JSON.stringify({
      spec: 'docs/spec.md',
      phases: ['draft', 'clarify', 'review', 'finalize'],
      phase: 'review',
      iteration: 2,
      max_iterations: 3,
      open_questions: ['Which identity provider?', { text: 'Retention period?', resolved: true }],
      findings: [
        { severity: 'critical', text: 'No rate limit on share links' },
        { severity: 'medium', text: 'Ambiguous "owner" term', resolved: true },
        { severity: 'low', text: 'Typo in section 2' },
      ],
      assumptions: ['Users have one account'],
    }),
  );
}

describe('plugins on sample project folders', () => {
  it('spec-kit: tasks, progress, current feature and resumption context', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'deja-speckit-')));
    specKitFolder(root);
    expect(parseTasks('- [ ] T9 a\n* [x] b\n- [] no')).toEqual([
      { id: 'T9', text: 'T9 a', done: false },
      { id: null, text: 'b', done: true },
    ]);
    const files = fsProjectFiles(root);
    expect(selectPlugin(null, files).name).toBe('spec-kit');
    const report = evaluatePlugin(specKitPlugin, files, noSession);
    expect(report.problem).toBeNull();
    // 002-sharing is the unfinished feature: 2 of 5 tasks done = 40 %.
    expect(report.percent).toBe(40);
    expect(report.label).toBe('002-sharing: 2/5 tasks done');
    expect(report.context).toContain('## Spec Kit — feature 002-sharing');
    expect(report.context).toContain(
      '/specify: done · /plan: done · /tasks: done · /implement: in progress (2/5 tasks)',
    );
    expect(report.context).toContain('- [ ] T003 [P] Share link model in src/models/share.ts');
    expect(report.context).toContain('001-photo-albums: 2/2 tasks');
    // The feature branch picks the feature.
    const onBranch = evaluatePlugin(specKitPlugin, files, { ...noSession, branch: '001-photo-albums' });
    expect(onBranch).toMatchObject({ percent: 100, label: '001-photo-albums: 2/2 tasks done' });
    expect(onBranch.context).toContain('/implement: done');
  });

  it('spec-refiner: phases, iterations, open questions, findings by severity, assumptions', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'deja-refiner-')));
    specRefinerFolder(root);
    const files = fsProjectFiles(root);
    expect(selectPlugin(null, files).name).toBe('spec-refiner');
    expect(pluginForSkill('Spec-Refiner')?.name).toBe('spec-refiner');
    const report = evaluatePlugin(specRefinerPlugin, files, noSession);
    // Two phases done (50 %) plus 2 of 5 questions/findings resolved in the third: 50 + 25 × 2/5 = 60.
    expect(report.percent).toBe(60);
    expect(report.label).toBe('phase review (3/4), iteration 2/3, 1 open question');
    expect(report.context).toContain('- Open findings: 1 critical, 1 low');
    expect(report.context).toContain('  - [critical] No rate limit on share links');
    expect(report.context).toContain('  - Which identity provider?');
    expect(report.context).not.toContain('Retention period?');
    expect(report.context).toContain('  - Users have one account');

    write(root, '.spec-refiner/state.json', JSON.stringify({ phase: 'nowhere' }));
    const broken = evaluatePlugin(specRefinerPlugin, files, noSession);
    expect(broken.problem).toContain('phase');
    write(root, '.spec-refiner/state.json', '{not json');
    expect(evaluatePlugin(specRefinerPlugin, files, noSession).problem).toContain('could not read');
  });

  it('generic: from the goal and manual checkpoints', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'deja-generic-')));
    const files = fsProjectFiles(root);
    expect(selectPlugin(null, files).name).toBe('generic');
    expect(selectPlugin('unknown-skill', files).name).toBe('generic');
    const data: PluginSessionData = {
      ...noSession,
      goal: 'Ship it',
      status: 'active',
      checkpoints: [
        { name: 'tests-green', summary: 'all pass', kind: 'manual', createdAt: '2026-11-24T10:00:00Z' },
        { name: 'auto 1', summary: null, kind: 'auto', createdAt: '2026-11-24T09:30:00Z' },
      ],
    };
    const report = evaluatePlugin(selectPlugin(null, files), files, data);
    expect(report).toMatchObject({ name: 'generic', percent: 25, label: '1 checkpoint toward: Ship it' });
    expect(report.context).toContain('Last checkpoint: tests-green — all pass');
    expect(fsProjectFiles(root).read('../../etc/passwd')).toBeNull();
  });

  it('session_start auto-detects spec-kit and stores it as the skill; session_resume carries its context', async () => {
    const repo = makeGitRepo('speckit-project');
    specKitFolder(repo);
    const home = tempHome();
    const first = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    const started = structured<{
      session: { id: string };
      welcome: string;
      plugin: { name: string; progress: number; label: string };
    }>(await first.call('session_start', { goal: 'Sharing' }));
    expect(started.plugin).toMatchObject({ name: 'spec-kit', progress: 40 });
    expect(started.welcome).toContain('Plugin spec-kit: 002-sharing: 2/5 tasks done (40%)');
    structured(await first.call('session_end', { outcome: 'partial' }));
    await first.close();

    const second = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    const resumed = await second.call('session_resume', {});
    const view = structured<{
      session: { id: string };
      plugin: { name: string; resumption_context: string };
    }>(resumed);
    expect(view.session.id).toBe(started.session.id);
    expect(view.plugin.name).toBe('spec-kit');
    expect(view.plugin.resumption_context).toContain('T004 Share service');
    const text = resumed.content[0];
    expect(text?.type === 'text' ? text.text : '').toContain('## Spec Kit — feature 002-sharing');
    await second.close();

    // CLI: an explicit skill wins over detection, and `deja resume --json` has the plugin too.
    const refined = makeGitRepo('refiner-project');
    specRefinerFolder(refined);
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [DEJA_BIN, ...args], {
        cwd: refined,
        env: { ...process.env, DEJA_HOME: home },
        encoding: 'utf8',
      });
    const start = JSON.parse(cli(['start', '--skill', 'spec-refiner', '--json']).stdout) as {
      plugin: { name: string; progress: number };
    };
    expect(start.plugin).toMatchObject({ name: 'spec-refiner', progress: 60 });
    cli(['end', '--json']);
    const resume = JSON.parse(cli(['resume', '--json']).stdout) as { plugin: { resumption_context: string } };
    expect(resume.plugin.resumption_context).toContain('Which identity provider?');
  });
});
