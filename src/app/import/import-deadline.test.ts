import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
import { importTranscripts } from './import-transcripts.js';

/** A Claude Code transcript of `turns` user messages, each with its own uuid. */
function transcript(turns: number): string {
  const lines: string[] = [];
  for (let turn = 0; turn < turns; turn++) {
    lines.push(
      JSON.stringify({
        parentUuid: turn === 0 ? null : `00000000-0000-4000-8000-${String(turn - 1).padStart(12, '0')}`,
        isSidechain: false,
        userType: 'external',
        cwd: '/work/demo',
        sessionId: '11111111-2222-4333-8444-555555555555',
        version: '2.0.9',
        type: 'user',
        message: { role: 'user', content: `Question number ${turn} about the parser` },
        uuid: `00000000-0000-4000-8000-${String(turn).padStart(12, '0')}`,
        timestamp: new Date(Date.UTC(2026, 10, 24, 9, 0, turn)).toISOString(),
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('importTranscripts with a deadline (a hook’s time budget)', () => {
  let deps: ReturnType<typeof testDeps>;
  afterEach(() => deps.store.close());

  it('stops at a saved batch once the deadline has passed, and the next import finishes without doubling', async () => {
    const home = tempHome();
    deps = testDeps(home);
    const folder = join(home, 'transcripts');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'conversation.jsonl');
    writeFileSync(path, transcript(5000));

    const first = await importTranscripts(deps, { userHome: home, path, deadline: Date.now() });
    expect(first.stoppedEarly).toBe(true);
    expect(first.messages).toBeGreaterThan(0);
    expect(first.messages).toBeLessThan(5000);

    const rest = await importTranscripts(deps, { userHome: home, path });
    expect(rest.stoppedEarly).toBeUndefined();
    expect(first.messages + rest.messages).toBe(5000);
    const again = await importTranscripts(deps, { userHome: home, path });
    expect(again.messages).toBe(0);
  });
});
