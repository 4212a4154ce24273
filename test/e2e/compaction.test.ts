import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { claudeProjectFolder } from '../../src/app/compaction/compaction-advice.js';
import { estimateContext } from '../../src/app/compaction/estimate-context.js';
import { adviseCompaction } from '../../src/core/compaction/advice.js';
import { contextWindowFor } from '../../src/core/compaction/context-windows.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, structured } from '../support/stdio-client.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/transcripts/${path}`, import.meta.url));
const LONG = fixture('claude-code/episodic-memory_long-conversation.jsonl');

/**
 * Expected figure for LONG, by hand: its last main-chain (isSidechain false)
 * assistant line (line 295, model claude-sonnet-4-5-20250929) reports
 *   input_tokens 11 + cache_read_input_tokens 139064 + cache_creation_input_tokens 1201 = 140276,
 * the size of the context the model saw. Window of claude-* models: 200,000,
 * so 140276 / 200000 = 70.138 % → 70.1 %, above 70 %: "compact soon".
 */
const LONG_TOKENS = 140_276;

interface AdviceOut {
  tokens: number;
  method: string;
  source: string;
  model: string | null;
  context_window: number;
  window_source: string;
  percent: number;
  level: string;
  recommendation: string;
  summary: string | null;
  checkpoint_id: string | null;
  transcript_path: string;
}

function firstLines(path: string, count: number): string {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), 'deja-transcript-')));
  const out = join(folder, 'cut.jsonl');
  writeFileSync(out, `${readFileSync(path, 'utf8').split('\n').slice(0, count).join('\n')}\n`);
  return out;
}

describe('compaction advice', () => {
  it('estimates the context from transcripts (usage, sidechains, compaction, Codex)', async () => {
    const long = await estimateContext(LONG);
    expect(long).toMatchObject({
      tokens: LONG_TOKENS,
      method: 'usage',
      source: 'claude-code',
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(adviseCompaction(long.tokens, contextWindowFor(long.model).tokens)).toMatchObject({
      level: 'compact_soon',
      percent: 70.1,
    });

    // Lines 1–5: the sidechain's usage (19833 on lines 3–4) is not the main chain's context;
    // line 1's is: input 3 + cache read 0 + cache write 141272 = 141275.
    const side = await estimateContext(firstLines(fixture('claude-code/sidechain_integrated.jsonl'), 5));
    expect(side.tokens).toBe(141_275);

    // Lines 1–11 of compact_after_rewind: a compact_boundary on line 9, no usage after it, so
    // characters / 4 over what follows: the summary text (121 chars) + "After compaction" (16)
    // = 137 chars → ceil(137 / 4) = 35 tokens, from 2 messages.
    const compacted = await estimateContext(
      firstLines(fixture('claude-code/compact_after_rewind.jsonl'), 11),
    );
    expect(compacted).toMatchObject({
      tokens: 35,
      method: 'chars',
      compactions: 1,
      messagesSinceCompaction: 2,
    });

    // Codex: the last token_count's last_token_usage.input_tokens (162073), with the window the
    // rollout reports (model_context_window 258400): 62.7 %.
    const codex = await estimateContext(
      fixture('codex/localpush_rollout-2026-02-23T12-54-34-019c8a59-e9dd-71f0-9ae3-4079fe9726a9.jsonl'),
    );
    expect(codex).toMatchObject({
      tokens: 162_073,
      method: 'usage',
      source: 'codex',
      reportedWindow: 258_400,
    });

    expect(adviseCompaction(180_000, 200_000).level).toBe('compact_now');
    expect(adviseCompaction(100_000, 200_000).level).toBe('ok');
    expect(contextWindowFor('claude-sonnet-4-5[1m]').tokens).toBe(1_000_000);
    expect(contextWindowFor('mystery-model')).toEqual({ tokens: 200_000, known: false });
  });

  it('compaction_advice over stdio: advice, window override, prepared summary checkpoint, bad input', async () => {
    const repo = makeGitRepo('compact-project');
    const home = tempHome();
    const userHome = tempHome();
    // The default transcript: the newest one in Claude Code's folder for this project.
    const claudeFolder = claudeProjectFolder(repo, join(userHome, '.claude'));
    mkdirSync(claudeFolder, { recursive: true });
    copyFileSync(LONG, join(claudeFolder, 'conversation.jsonl'));
    const mcp = await connectStdio(repo, {
      DEJA_HOME: home,
      DEJA_USER_HOME: userHome,
      DEJA_TOOLS: 'standard',
      DEJA_AUTO_SESSION: 'off', // so session_start opens the session with its goal
    });
    try {
      structured(await mcp.call('session_start', { goal: 'Fix the container build' }));
      structured(
        await mcp.call('session_record', {
          category: 'decision',
          data: { text: 'Update npm inside the container', file: 'docker/Containerfile' },
        }),
      );
      structured(await mcp.call('session_record', { category: 'finding', data: 'npm 10 exit handler bug' }));
      structured(await mcp.call('session_record', { category: 'question', data: 'Pin the npm version?' }));
      structured(await mcp.call('session_checkpoint', { name: 'build-green', summary: 'container builds' }));

      const advice = structured<AdviceOut>(await mcp.call('compaction_advice', {}));
      expect(advice).toMatchObject({
        tokens: LONG_TOKENS,
        context_window: 200_000,
        window_source: 'model',
        percent: 70.1,
        level: 'compact_soon',
        summary: null,
      });
      expect(advice.transcript_path).toBe(join(claudeFolder, 'conversation.jsonl'));

      const prepared = structured<AdviceOut>(
        await mcp.call('compaction_advice', {
          transcript_path: LONG,
          context_window: 150_000,
          prepare: true,
          budget_tokens: 300,
        }),
      );
      expect(prepared).toMatchObject({ level: 'compact_now', percent: 93.5, window_source: 'input' });
      expect(prepared.summary).toContain('Fix the container build');
      expect(prepared.summary).toContain('Update npm inside the container');
      expect(prepared.summary).toContain('Pin the npm version?');
      expect(prepared.summary).toContain('npm 10 exit handler bug');
      expect(prepared.summary).toContain('docker/Containerfile');
      expect(prepared.summary).toContain('build-green: container builds');
      expect(Math.ceil((prepared.summary ?? '').length / 4)).toBeLessThanOrEqual(300);
      const resumed = structured<{ checkpoint: { id: string; name: string; summary: string } }>(
        await mcp.call('session_resume', { target: 'compaction-summary' }),
      );
      expect(resumed.checkpoint).toMatchObject({ id: prepared.checkpoint_id, name: 'compaction-summary' });
      expect(resumed.checkpoint.summary).toBe(prepared.summary);

      const missing = await mcp.call('compaction_advice', { transcript_path: join(repo, 'nope.jsonl') });
      expect(missing.isError).toBe(true);
      expect(errorText(missing)).toContain('`transcript_path` does not exist');
      const tiny = await mcp.call('compaction_advice', { transcript_path: LONG, context_window: 5 });
      expect(tiny.isError).toBe(true);
      expect(errorText(tiny)).toContain('context_window');
    } finally {
      await mcp.close();
    }
  });

  it('deja compact-advice (CLI)', () => {
    const home = tempHome();
    const result = spawnSync(process.execPath, [DEJA_BIN, 'compact-advice', LONG, '--json'], {
      cwd: home,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ tokens: LONG_TOKENS, level: 'compact_soon' });
    const text = spawnSync(process.execPath, [DEJA_BIN, 'compact-advice', LONG], {
      cwd: home,
      env: { ...process.env, DEJA_HOME: home },
      encoding: 'utf8',
    });
    expect(text.stdout).toContain('Context: 140,276 of 200,000 tokens (70.1%');
    expect(text.stdout).toContain('Compact soon');
    const none = spawnSync(process.execPath, [DEJA_BIN, 'compact-advice'], {
      cwd: home,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home },
      encoding: 'utf8',
    });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('`transcript_path` is required here');
  });
});
