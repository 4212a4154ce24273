import { describe, expect, it } from 'vitest';
import { HeadTailBuffer } from './output-cap.js';
import { failureSignatures, normaliseSignature, parseTestCounts } from './parse-output.js';
import { scoreQuality } from './quality-score.js';
import { recurringFailures } from './recurring-failures.js';

describe('parseTestCounts', () => {
  const cases: [string, string, ReturnType<typeof parseTestCounts>][] = [
    [
      'vitest pass',
      ' ✓ src/a.test.ts (3 tests) 4ms\n\n Test Files  1 passed (1)\n      Tests  3 passed (3)\n   Duration  1.2s',
      { format: 'vitest', passed: 3, failed: 0, skipped: 0 },
    ],
    [
      'vitest fail',
      ' Test Files  1 failed (1)\n      Tests  1 failed | 2 passed | 1 skipped (4)\n',
      { format: 'vitest', passed: 2, failed: 1, skipped: 1 },
    ],
    [
      'jest',
      'Test Suites: 1 failed, 1 total\nTests:       1 failed, 1 skipped, 2 passed, 4 total\nSnapshots:   0 total',
      { format: 'jest', passed: 2, failed: 1, skipped: 1 },
    ],
    [
      'pytest',
      '=========== 1 failed, 2 passed, 1 skipped, 1 error in 0.12s ===========',
      { format: 'pytest', passed: 2, failed: 2, skipped: 1 },
    ],
    [
      'cargo, two crates',
      'test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n' +
        'test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s',
      { format: 'cargo', passed: 5, failed: 1, skipped: 1 },
    ],
    [
      'go -v',
      '=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n--- FAIL: TestB (0.00s)\n--- SKIP: TestC (0.00s)\nFAIL\nFAIL\texample.com/m\t0.01s',
      { format: 'go', passed: 1, failed: 1, skipped: 1 },
    ],
    [
      'go packages',
      'ok  \texample.com/a\t0.01s\nFAIL\texample.com/b\t0.02s\n',
      { format: 'go', passed: 1, failed: 1, skipped: 0 },
    ],
    [
      'mocha',
      '  3 passing (10ms)\n  2 pending\n  1 failing\n',
      { format: 'mocha', passed: 3, failed: 1, skipped: 2 },
    ],
    [
      'node --test tap',
      'TAP version 13\nok 1 - a\nnot ok 2 - b\n1..2\n# tests 2\n# pass 1\n# fail 1\n# skipped 0\n',
      { format: 'tap', passed: 1, failed: 1, skipped: 0 },
    ],
    [
      'bare tap',
      'TAP version 13\nok 1 - a\nok 2 - b # SKIP\nnot ok 3 - c\n1..3\n',
      { format: 'tap', passed: 1, failed: 1, skipped: 1 },
    ],
    ['unknown', 'all good\n', null],
    [
      'colours',
      '\u001b[32m      Tests  \u001b[1m4 passed\u001b[22m (4)\u001b[39m',
      { format: 'vitest', passed: 4, failed: 0, skipped: 0 },
    ],
  ];
  for (const [name, output, expected] of cases) {
    it(name, () => expect(parseTestCounts(output)).toEqual(expected));
  }
});

describe('failure signatures', () => {
  it('strips numbers, durations and paths so the same failure matches across runs', () => {
    expect(normaliseSignature('/home/a/src/cache.test.ts:12:5 expected 3 to be 4 (12ms)')).toBe(
      'cache.test.ts expected N to be N',
    );
    expect(normaliseSignature('C:\\work\\src\\x.ts:3')).toBe('x.ts');
  });

  it('finds failing tests per format and generic error lines', () => {
    const output = [
      ' FAIL  src/cache.test.ts > cache > evicts the oldest entry',
      '● cache › keeps 10 entries',
      'FAILED tests/test_cache.py::test_evict - AssertionError: 1 != 2',
      'test cache::evicts ... FAILED',
      '--- FAIL: TestEvict (0.03s)',
      'not ok 7 - evicts # time=1ms',
      'TypeError: Cannot read properties of undefined (reading "x") at /r/src/a.ts:10:3',
      'ok 8 - fine',
    ].join('\n');
    expect(failureSignatures(output)).toEqual([
      'cache.test.ts > cache > evicts the oldest entry',
      'cache › keeps N entries',
      'test_cache.py::test_evict',
      'cache::evicts',
      'TestEvict',
      'evicts',
      'TypeError: Cannot read properties of undefined (reading "x") at a.ts',
    ]);
  });
});

describe('HeadTailBuffer', () => {
  it('keeps the head and the tail and counts what it dropped', () => {
    const buffer = new HeadTailBuffer(4, 4);
    for (const part of ['ab', 'cdef', 'ghij', 'k', 'lmnopq', 'rs']) buffer.push(Buffer.from(part));
    expect(buffer.text()).toEqual({ head: 'abcd', tail: 'pqrs' });
    expect(buffer.total).toBe(19);
    expect(buffer.droppedBytes).toBe(11);
  });

  it('keeps everything when it fits', () => {
    const buffer = new HeadTailBuffer(4, 4);
    buffer.push(Buffer.from('abcdef'));
    expect(buffer.text()).toEqual({ head: 'abcd', tail: 'ef' });
    expect(buffer.droppedBytes).toBe(0);
  });
});

describe('scoreQuality', () => {
  const now = '2026-11-24T12:00:00.000Z';
  const passing = {
    passed: true,
    timedOut: false,
    testsPassed: 3,
    testsFailed: 0,
    at: '2026-11-24T11:50:00.000Z',
  };

  it('is 100 for a clean tree with passing checks and a quiet session', () => {
    const result = scoreQuality({
      now,
      git: { changedFiles: 0, lastCommitAt: '2026-11-24T08:00:00.000Z' },
      checks: [
        { kind: 'test', command: 'npm test', latest: passing, failingSince: null },
        { kind: 'lint', command: 'npm run lint', latest: passing, failingSince: null },
      ],
      activity: { eventsSinceCheckpoint: 5, errorsSinceCheckpoint: 0 },
    });
    expect(result.score).toBe(100);
    expect(result.recommendations).toEqual([]);
  });

  it('drops with uncommitted work and failing tests, and says what to do', () => {
    const result = scoreQuality({
      now,
      git: { changedFiles: 14, lastCommitAt: '2026-11-24T09:00:00.000Z' },
      checks: [
        {
          kind: 'test',
          command: 'npm test',
          latest: {
            passed: false,
            timedOut: false,
            testsPassed: 1,
            testsFailed: 1,
            at: '2026-11-24T11:00:00.000Z',
          },
          failingSince: '2026-11-24T10:42:00.000Z',
        },
      ],
      activity: { eventsSinceCheckpoint: 10, errorsSinceCheckpoint: 2 },
    });
    expect(result.score).toBeLessThan(50);
    expect(result.recommendations[0]).toBe('tests failing since 10:42: run `npm test`');
    expect(result.recommendations).toContain('commit the 14 changed files');
    expect(result.recommendations.some((r) => r.startsWith('2 errors recorded'))).toBe(true);
  });

  it('leaves out what it has no data for', () => {
    const clean = scoreQuality({ now, git: null, checks: [], activity: null });
    expect(clean).toEqual({ score: 100, components: [], recommendations: [] });
    const neverRun = scoreQuality({
      now,
      git: null,
      checks: [{ kind: 'test', command: 'pytest', latest: null, failingSince: null }],
      activity: null,
    });
    expect(neverRun.score).toBe(50);
    expect(neverRun.recommendations).toEqual(['no test results yet: run `pytest` (quality_run)']);
  });

  it('ranks more uncommitted files lower', () => {
    const at = (changedFiles: number) =>
      scoreQuality({
        now,
        git: { changedFiles, lastCommitAt: '2026-11-24T11:45:00.000Z' },
        checks: [],
        activity: null,
      }).score;
    expect(at(0)).toBeGreaterThan(at(3));
    expect(at(3)).toBeGreaterThan(at(30));
  });
});

describe('recurringFailures', () => {
  const base = {
    projectId: 'p',
    sessionId: null,
    kind: 'test' as const,
    durationMs: 1,
    passed: null,
    failed: null,
    skipped: null,
    outputHead: '',
    outputTail: '',
    droppedBytes: 0,
  };
  const run = (id: string, minute: number, failures: string[], command = 'npm test') => ({
    ...base,
    id,
    command,
    exitCode: failures.length ? 1 : 0,
    timedOut: false,
    failures,
    createdAt: `2026-11-24T10:${String(minute).padStart(2, '0')}:00.000Z`,
  });

  it('counts signatures across runs and links each to the first passing run of its command', () => {
    const result = recurringFailures([
      run('r1', 1, ['a > evicts']),
      run('r2', 2, ['a > evicts', 'lint: no-unused']),
      run('r3', 3, [], 'npm run lint'), // another command passing resolves nothing of npm test
      run('r4', 4, []),
      run('r5', 5, ['a > evicts']),
      run('r6', 6, ['once']),
    ]);
    const evicts = result.find((r) => r.signature === 'a > evicts');
    expect(evicts?.runs).toBe(3);
    expect(evicts?.open).toBe(true);
    expect(evicts?.resolved).toEqual([
      {
        signature: 'a > evicts',
        command: 'npm test',
        failedRunId: 'r2',
        failedAt: '2026-11-24T10:02:00.000Z',
        firstFailedAt: '2026-11-24T10:01:00.000Z',
        fixedRunId: 'r4',
        fixedAt: '2026-11-24T10:04:00.000Z',
      },
    ]);
    expect(result.find((r) => r.signature === 'lint: no-unused')?.resolved[0]?.fixedRunId).toBe('r4');
    expect(result.find((r) => r.signature === 'once')).toBeUndefined();
  });
});
