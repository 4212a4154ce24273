import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverTranscripts } from './discover-transcripts.js';
import { classifyFirstLine } from './sniff-transcript.js';

let base: string;
let home: string;

const CLAUDE_LINE = '{"type":"user","sessionId":"s1","uuid":"u1","timestamp":"2025-01-01T00:00:00Z"}\n';
const CODEX_LINE = '{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{"id":"t1"}}\n';

function write(path: string, text = CLAUDE_LINE): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'deja-discover-'));
  home = join(base, 'home');
  mkdirSync(home);
});

afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('discoverTranscripts (default locations)', () => {
  it('finds Claude Code sessions, sub-agent files and Codex rollouts, sorted by path', async () => {
    const projects = join(home, '.claude', 'projects');
    const b = write(join(projects, '-work-b', 'bbb.jsonl'));
    const a = write(join(projects, '-work-a', 'aaa.jsonl'));
    const agent = write(join(projects, '-work-a', 'aaa', 'subagents', 'agent-1.jsonl'));
    write(join(projects, '-work-a', 'notes.txt'), 'not a transcript');
    const rollout = write(
      join(home, '.codex', 'sessions', '2026', '01', '02', 'rollout-x.jsonl'),
      CODEX_LINE,
    );
    const archived = write(join(home, '.codex', 'archived_sessions', 'rollout-y.jsonl'), CODEX_LINE);
    write(join(home, '.codex', 'sessions', 'history.jsonl'), CODEX_LINE);

    const result = await discoverTranscripts({ userHome: home });
    expect(result.warnings).toEqual([]);
    expect(result.files).toEqual([
      // '.' sorts before '/': a session file comes before its sub-agent folder.
      { path: a, source: 'claude-code' },
      { path: agent, source: 'claude-code' },
      { path: b, source: 'claude-code' },
      { path: archived, source: 'codex' },
      { path: rollout, source: 'codex' },
    ]);
  });

  it('reads the assistants’ own folders when they live elsewhere (CLAUDE_CONFIG_DIR, CODEX_HOME)', async () => {
    const folders = { claude: join(base, 'cfg', 'claude'), codex: join(base, 'cfg', 'codex') };
    write(join(home, '.claude', 'projects', '-work-a', 'ignored.jsonl'));
    const claude = write(join(folders.claude, 'projects', '-work-a', 'aaa.jsonl'), '');
    const codex = write(join(folders.codex, 'archived_sessions', 'rollout-y.jsonl'), '');
    const result = await discoverTranscripts({ userHome: home, folders });
    expect(result.files).toEqual([
      { path: claude, source: 'claude-code' },
      { path: codex, source: 'codex' },
    ]);
    // An empty file given by path is told by its place in those folders.
    const byPath = await discoverTranscripts({ userHome: home, folders, path: claude });
    expect(byPath.files).toEqual([{ path: claude, source: 'claude-code' }]);
  });

  it('filters by source and tolerates missing folders', async () => {
    const rollout = write(join(home, '.codex', 'sessions', 'rollout-x.jsonl'), CODEX_LINE);
    expect(await discoverTranscripts({ userHome: home, source: 'claude-code' })).toEqual({
      files: [],
      warnings: [],
    });
    expect((await discoverTranscripts({ userHome: home, source: 'codex' })).files).toEqual([
      { path: rollout, source: 'codex' },
    ]);
    expect(await discoverTranscripts({ userHome: join(base, 'nobody') })).toEqual({
      files: [],
      warnings: [],
    });
  });

  it('skips a symlink pointing outside the root, with a warning naming it', async () => {
    const projects = join(home, '.claude', 'projects');
    const inside = write(join(projects, '-p', 'real.jsonl'));
    const outsideFile = write(join(base, 'elsewhere', 'secret.jsonl'));
    const fileLink = join(projects, '-p', 'linked.jsonl');
    symlinkSync(outsideFile, fileLink);
    const dirLink = join(projects, '-q');
    symlinkSync(join(base, 'elsewhere'), dirLink);

    const result = await discoverTranscripts({ userHome: home });
    expect(result.files).toEqual([{ path: inside, source: 'claude-code' }]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.some((w) => w.includes(fileLink) && w.includes('outside'))).toBe(true);
    expect(result.warnings.some((w) => w.includes(dirLink) && w.includes('outside'))).toBe(true);
  });

  it('follows symlinks inside the root once and does not hang on loops', async () => {
    const projects = join(home, '.claude', 'projects');
    const real = write(join(projects, '-p', 'real.jsonl'));
    // A link back to an ancestor folder (a loop), a link to a file already listed, a self-loop.
    symlinkSync(projects, join(projects, '-p', 'loop'));
    symlinkSync(real, join(projects, '-p', 'alias.jsonl'));
    symlinkSync(join(projects, 'self.jsonl'), join(projects, 'self.jsonl'));

    const result = await discoverTranscripts({ userHome: home });
    // alias.jsonl sorts first and stands for the real file; real.jsonl is the same file.
    expect(result.files).toEqual([{ path: join(projects, '-p', 'alias.jsonl'), source: 'claude-code' }]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(join(projects, 'self.jsonl'));
  });
});

describe('discoverTranscripts (explicit path)', () => {
  it('detects the source of each file in a folder by its first line', async () => {
    const dir = join(base, 'import');
    const claude = write(
      join(dir, 'one.jsonl'),
      `{"type":"summary","summary":"t","leafUuid":"x"}\n${CLAUDE_LINE}`,
    );
    const codex = write(join(dir, 'nested', 'two.jsonl'), CODEX_LINE);
    const legacy = write(join(dir, 'three.jsonl'), '{"id":"t2","timestamp":"2025-06-01T00:00:00Z"}\n');
    const unknown = write(join(dir, 'four.jsonl'), '{"hello":"world"}\n');

    const result = await discoverTranscripts({ userHome: home, path: dir });
    expect(result.files).toEqual([
      { path: codex, source: 'codex' },
      { path: claude, source: 'claude-code' },
      { path: legacy, source: 'codex' },
    ]);
    expect(result.warnings).toEqual([`${unknown}: not recognised as a Claude Code or Codex transcript`]);

    const onlyCodex = await discoverTranscripts({ userHome: home, path: dir, source: 'codex' });
    // With a source given, an unrecognised file is taken to be of that source.
    expect(onlyCodex.files.map((f) => f.path)).toEqual([unknown, codex, legacy]);
  });

  it('accepts a single file and uses its location when the content says nothing', async () => {
    const empty = write(join(base, 'x', '.codex', 'sessions', 'rollout-a.jsonl'), '');
    expect((await discoverTranscripts({ userHome: home, path: empty })).files).toEqual([
      { path: empty, source: 'codex' },
    ]);
    const claude = write(join(base, 'x', '.claude', 'projects', '-p', 's.jsonl'), '');
    expect((await discoverTranscripts({ userHome: home, path: claude })).files).toEqual([
      { path: claude, source: 'claude-code' },
    ]);
  });

  it('skips symlinks leaving the given folder and warns about a missing path', async () => {
    const dir = join(base, 'import');
    const inside = write(join(dir, 'a.jsonl'));
    write(join(base, 'outside', 'b.jsonl'));
    symlinkSync(join(base, 'outside', 'b.jsonl'), join(dir, 'b.jsonl'));

    const result = await discoverTranscripts({ userHome: home, path: dir });
    expect(result.files).toEqual([{ path: inside, source: 'claude-code' }]);
    expect(result.warnings).toEqual([expect.stringContaining(join(dir, 'b.jsonl'))]);

    const missing = await discoverTranscripts({ userHome: home, path: join(base, 'nope') });
    expect(missing.files).toEqual([]);
    expect(missing.warnings).toEqual([expect.stringContaining('nope')]);
  });
});

describe('classifyFirstLine', () => {
  it('tells the formats apart', () => {
    expect(classifyFirstLine(CODEX_LINE)).toBe('codex');
    expect(classifyFirstLine('{"id":"t","timestamp":"2025-01-01T00:00:00Z"}')).toBe('codex');
    expect(classifyFirstLine(CLAUDE_LINE)).toBe('claude-code');
    expect(classifyFirstLine('{"type":"summary","summary":"x","leafUuid":"y"}')).toBe('claude-code');
    expect(classifyFirstLine('{"type":"file-history-snapshot","messageId":"m","snapshot":{}}')).toBe(
      'claude-code',
    );
    expect(classifyFirstLine('[1,2]')).toBeNull();
    expect(classifyFirstLine('{"type":"other"}')).toBeNull();
    expect(classifyFirstLine('not json')).toBeNull();
  });
});
