import type { TestCounts } from './quality-types.js';

/**
 * Reads pass/fail counts and failure signatures from test-runner output.
 * Known formats: vitest, jest, pytest, cargo test, go test, mocha, TAP (and
 * node --test). Unknown output yields null counts and only generic error lines.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters.
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

const num = (value: string | undefined) => (value === undefined ? 0 : Number(value));

/** `n word` pairs of a summary line ("1 failed | 2 passed", "2 passed, 1 skipped"). */
function countWords(line: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of line.matchAll(/(\d+)\s+([a-z]+)/gi)) {
    const word = (match[2] as string).toLowerCase();
    counts[word] = (counts[word] ?? 0) + num(match[1]);
  }
  return counts;
}

type Parser = (lines: string[]) => TestCounts | null;

/** The last line matching a pattern. */
function lastLine(lines: string[], pattern: RegExp): string | null {
  for (let i = lines.length - 1; i >= 0; i--) if (pattern.test(lines[i] as string)) return lines[i] as string;
  return null;
}

const vitest: Parser = (lines) => {
  // "      Tests  1 failed | 2 passed | 1 skipped (4)"
  const line = lastLine(lines, /^\s*Tests\s+\d+\s+(passed|failed|skipped|todo)\b.*\(\d+\)\s*$/);
  if (!line) return null;
  const c = countWords(line.replace(/^\s*Tests/, ''));
  return {
    format: 'vitest',
    passed: c.passed ?? 0,
    failed: c.failed ?? 0,
    skipped: (c.skipped ?? 0) + (c.todo ?? 0),
  };
};

const jest: Parser = (lines) => {
  // "Tests:       1 failed, 1 skipped, 2 passed, 4 total"
  const line = lastLine(lines, /^\s*Tests:\s+.*\d+\s+total\s*$/);
  if (!line) return null;
  const c = countWords(line);
  return {
    format: 'jest',
    passed: c.passed ?? 0,
    failed: c.failed ?? 0,
    skipped: (c.skipped ?? 0) + (c.todo ?? 0) + (c.pending ?? 0),
  };
};

const pytest: Parser = (lines) => {
  // "===== 1 failed, 2 passed, 1 skipped in 0.12s =====" (or "no tests ran")
  const line = lastLine(lines, /^=+ .*\b(passed|failed|error|errors|skipped)\b.* in [\d.]+s.* =+$/);
  if (!line) return null;
  const c = countWords(line);
  return {
    format: 'pytest',
    passed: c.passed ?? 0,
    failed: (c.failed ?? 0) + (c.error ?? 0) + (c.errors ?? 0),
    skipped: (c.skipped ?? 0) + (c.xfailed ?? 0) + (c.deselected ?? 0),
  };
};

const cargo: Parser = (lines) => {
  // "test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s" (per crate)
  const results = lines.filter((line) => /^test result: (ok|FAILED)\./.test(line));
  if (results.length === 0) return null;
  const total = { format: 'cargo', passed: 0, failed: 0, skipped: 0 };
  for (const line of results) {
    const c = countWords(line);
    total.passed += c.passed ?? 0;
    total.failed += c.failed ?? 0;
    total.skipped += c.ignored ?? 0;
  }
  return total;
};

const go: Parser = (lines) => {
  // "--- PASS: TestX (0.00s)" per test (with -v); else "ok  pkg" / "FAIL pkg" per package.
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let packages = 0;
  for (const line of lines) {
    const test = /^\s*--- (PASS|FAIL|SKIP): /.exec(line);
    if (test) {
      if (test[1] === 'PASS') passed++;
      else if (test[1] === 'FAIL') failed++;
      else skipped++;
    } else if (/^(ok|FAIL|\?)\s+\S+\s/.test(line) || /^FAIL\s+\S+\s+[\d.]+s$/.test(line)) packages++;
  }
  if (passed + failed + skipped > 0) return { format: 'go', passed, failed, skipped };
  if (packages === 0) return null;
  const okPackages = lines.filter((line) => /^ok\s+\S+\s/.test(line)).length;
  const failedPackages = lines.filter((line) => /^FAIL\s+\S+\s/.test(line)).length;
  if (okPackages + failedPackages === 0) return null;
  return { format: 'go', passed: okPackages, failed: failedPackages, skipped: 0 };
};

const mocha: Parser = (lines) => {
  // "  3 passing (10ms)", "  1 failing", "  2 pending"
  const passing = lastLine(lines, /^\s*\d+ passing\b/);
  if (!passing) return null;
  const failing = lastLine(lines, /^\s*\d+ failing\s*$/);
  const pending = lastLine(lines, /^\s*\d+ pending\s*$/);
  return {
    format: 'mocha',
    passed: num(/(\d+)/.exec(passing)?.[1]),
    failed: failing ? num(/(\d+)/.exec(failing)?.[1]) : 0,
    skipped: pending ? num(/(\d+)/.exec(pending)?.[1]) : 0,
  };
};

const tap: Parser = (lines) => {
  // TAP / node --test summary: "# pass 3", "# fail 1", "# skip 0" ("ℹ pass 3" with the spec reporter)
  const value = (word: string) => {
    const line = lastLine(lines, new RegExp(`^\\s*[#ℹ] ${word} \\d+\\s*$`));
    return line === null ? null : num(/(\d+)\s*$/.exec(line)?.[1]);
  };
  const pass = value('pass');
  const fail = value('fail');
  if (pass === null && fail === null) {
    // Bare TAP: count "ok" / "not ok" lines.
    const ok = lines.filter((line) => /^ok \d+/.test(line)).length;
    const notOk = lines.filter((line) => /^not ok \d+/.test(line)).length;
    if (ok + notOk === 0 || !lines.some((line) => /^1\.\.\d+/.test(line) || /^TAP version/.test(line)))
      return null;
    const skips = lines.filter((line) => /^ok \d+.*# (SKIP|TODO)/i.test(line)).length;
    return { format: 'tap', passed: ok - skips, failed: notOk, skipped: skips };
  }
  return {
    format: 'tap',
    passed: pass ?? 0,
    failed: fail ?? 0,
    skipped: (value('skip') ?? value('skipped') ?? 0) + (value('todo') ?? 0),
  };
};

/** Most specific first: a jest summary also looks like nothing else; go before tap. */
const PARSERS: Parser[] = [vitest, jest, pytest, cargo, mocha, tap, go];

/** Pass/fail counts of a run's output, or null when no known summary is found. */
export function parseTestCounts(output: string): TestCounts | null {
  const lines = stripAnsi(output).split(/\r?\n/);
  for (const parser of PARSERS) {
    const counts = parser(lines);
    if (counts) return counts;
  }
  return null;
}

/** Lines that name a failing test, per format; the capture is the test's name. */
const FAILURE_LINES: RegExp[] = [
  /^\s*FAIL\s+(\S+\.[cm]?[jt]sx?\s+>.+?)(?:\s+\d+m?s)?\s*$/, // vitest: " FAIL  src/a.test.ts > suite > name"
  /^\s*[×✗]\s+(.+?)(?:\s+\d+m?s)?\s*$/, // vitest / node --test spec: " × suite > name 3ms"
  /^\s*●\s+(.+›.+)$/, // jest: "● suite › name"
  /^FAILED\s+(\S+::\S+)/, // pytest: "FAILED tests/test_a.py::test_x - AssertionError"
  /^test\s+(\S+)\s+\.\.\.\s+FAILED$/, // cargo: "test tests::it_works ... FAILED"
  /^\s*--- FAIL:\s+(\S+)/, // go: "--- FAIL: TestX (0.00s)"
  /^\s*\d+\)\s+(.+?):?\s*$/, // mocha: "  1) suite name:"
  /^not ok \d+\s+-?\s*(.+?)(?:\s+#.*)?$/, // TAP: "not ok 2 - name"
];

/** Error lines worth counting across runs, whatever the tool. */
const ERROR_LINE =
  /^\s*((?:[A-Z]\w*(?:Error|Exception)|error(?:\[\w+\])?|Error|ERROR|panic|AssertionError)(?::|\s).+)$/;

const MAX_SIGNATURES = 20;
const MAX_SIGNATURE_CHARS = 200;

/**
 * A failure reduced to what stays the same between runs: ANSI codes,
 * durations, line:column positions and numbers dropped, paths cut to their
 * file name, whitespace collapsed.
 */
export function normaliseSignature(text: string): string {
  return stripAnsi(text)
    .replace(/\(\s*\d+(?:\.\d+)?\s*m?s\)/g, '') // (12ms), (0.00s)
    .replace(/(?:[A-Za-z]:)?(?:[\w.@~-]*[\\/])+([\w.@-]+)/g, '$1') // paths → file name
    .replace(/:\d+(?::\d+)?\b/g, '') // :12:5
    .replace(/\b0x[0-9a-f]+\b/gi, 'N')
    .replace(/\d+(?:\.\d+)?/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SIGNATURE_CHARS);
}

/** Normalised, de-duplicated failure signatures of a run's output (failing tests first, then error lines). */
export function failureSignatures(output: string): string[] {
  const tests = new Set<string>();
  const errors = new Set<string>();
  for (const raw of stripAnsi(output).split(/\r?\n/)) {
    if (raw.length > 2000) continue;
    const test = FAILURE_LINES.map((pattern) => pattern.exec(raw)).find(Boolean);
    if (test?.[1]) {
      const signature = normaliseSignature(test[1]);
      if (signature) tests.add(signature);
      continue;
    }
    const error = ERROR_LINE.exec(raw);
    if (error?.[1]) {
      const signature = normaliseSignature(error[1]);
      if (signature.length > 6) errors.add(signature);
    }
  }
  return [...tests, ...errors].slice(0, MAX_SIGNATURES);
}
