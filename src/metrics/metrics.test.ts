import { describe, expect, it } from 'vitest';
import { measureSource } from './measure-file.js';

// Counted by hand (see the rules in typescript-metrics.ts):
//   add       1                                  documented
//   classify  1 + if + && + else-if + ?: = 5     not documented
//   Counter   (class)                            documented
//   step      1 + ?? = 2                         documented
//   reset     1 + for…of = 2                     not documented
//   double    1 (the arrow it holds)             not documented
//   (x) => …  1 (anonymous: not documentable)
//   top level: case 1, case 2 (default does not count) = 2
// functions 6, sum 12, total 12 + 2 = 14, max 5, average 2; docs 3 of 6 = 0.5
const TS_SOURCE = `/** Adds. */
export function add(a: number, b: number): number {
  return a + b;
}

export function classify(n: number): string {
  if (n < 0 && n > -10) return 'small negative';
  else if (n === 0) return 'zero';
  return n > 100 ? 'big' : 'positive';
}

/** A counter. */
export class Counter {
  private count = 0;
  /** Steps. */
  step(by?: number): number {
    this.count += by ?? 1;
    return this.count;
  }
  reset(): void {
    for (const x of [1]) {
      void x;
    }
  }
}

const double = (xs: number[]) => xs.map((x) => x * 2);

switch (process.argv.length) {
  case 1:
    break;
  case 2:
    break;
  default:
    break;
}
`;

// Counted by hand (see the rules in python-metrics.ts):
//   add       1                                          documented
//   classify  1 + if + and + elif + (x if c else y) = 5  not documented
//   Counter   (class)                                    documented
//   step      1 + for + or = 3                           not documented (a comment is no docstring)
//   evens     1 + comprehension for + its if + except = 4  documented
//   top level: the lambda's conditional expression + while = 2 (a lambda is no function)
// functions 4, sum 13, total 15, max 5, average 3.25; docs 3 of 5 = 0.6
const PY_SOURCE = `"""Module docstring."""


def add(a, b):
    """Add two numbers."""
    return a + b


def classify(n):
    if n < 0 and n > -10:
        return "small negative"
    elif n == 0:
        return "zero"
    return "big" if n > 100 else "positive"


class Counter:
    """A counter."""

    def step(self, by=None):
        # a comment, not a docstring
        for _ in range(by or 1):
            self.count += 1

    def evens(self, xs):
        """Even numbers."""
        try:
            return [x for x in xs if x % 2 == 0]
        except TypeError:
            return []


square = lambda x: x * x if x else 0

while False:
    pass
`;

describe('code metrics', () => {
  it('measures TypeScript with the compiler API: exact complexity and doc coverage', async () => {
    const result = await measureSource('src/sample.ts', TS_SOURCE);
    expect(result).toEqual({
      measured: {
        language: 'typescript',
        lines: 36,
        functions: 6,
        classes: 1,
        complexity: { total: 14, max: 5, average: 2 },
        documentation: { documented: 3, documentable: 6, coverage: 0.5 },
      },
    });
  });

  it('measures JavaScript the same way', async () => {
    const js = `/** Doc. */\nfunction f(a) {\n  return a || 1;\n}\nconst g = function () {\n  while (true) break;\n};\n`;
    const result = await measureSource('lib/a.mjs', js);
    expect(result).toEqual({
      measured: {
        language: 'javascript',
        lines: 7,
        functions: 2,
        classes: 0,
        complexity: { total: 4, max: 2, average: 2 },
        documentation: { documented: 1, documentable: 2, coverage: 0.5 },
      },
    });
  });

  it('measures Python with tree-sitter: exact complexity and doc coverage', async () => {
    const result = await measureSource('pkg/sample.py', PY_SOURCE);
    expect(result).toEqual({
      measured: {
        language: 'python',
        lines: 36,
        functions: 4,
        classes: 1,
        complexity: { total: 15, max: 5, average: 3.25 },
        documentation: { documented: 3, documentable: 5, coverage: 0.6 },
      },
    });
  });

  it('skips other languages with the reason', async () => {
    expect(await measureSource('main.go', 'package main\n')).toEqual({
      skipped: expect.stringMatching(/unsupported language/),
    });
    expect(await measureSource('Makefile', 'all:\n')).toHaveProperty('skipped');
  });

  it('measures an empty file as zero functions and full coverage', async () => {
    const result = await measureSource('empty.py', '');
    expect(result).toEqual({
      measured: expect.objectContaining({
        lines: 0,
        functions: 0,
        complexity: { total: 0, max: 0, average: 0 },
        documentation: { documented: 0, documentable: 0, coverage: 1 },
      }),
    });
  });
});
