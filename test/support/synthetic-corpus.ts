/**
 * Deterministic synthetic corpora for tests and benchmarks of the lexical index:
 * a seeded PRNG and a Zipf-like (s = 1) vocabulary of letters-only words, so the
 * words survive analysis unsplit.
 */

/** mulberry32: a small, seeded, deterministic PRNG in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function base26(value: number): string {
  let text = '';
  let rest = value;
  do {
    text = String.fromCharCode(97 + (rest % 26)) + text;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return text;
}

/** `count` documents of 40–120 tokens drawn from a Zipf-like vocabulary of `vocabularySize` words (seed 42). */
export function syntheticCorpus(count: number, vocabularySize = 20_000) {
  const words = Array.from({ length: vocabularySize }, (_, rank) => `z${base26(rank)}`);
  const cumulative = new Float64Array(vocabularySize);
  let total = 0;
  for (let rank = 0; rank < vocabularySize; rank++) {
    total += 1 / (rank + 1);
    cumulative[rank] = total;
  }
  const random = mulberry32(42);
  const sample = () => {
    const target = random() * total;
    let low = 0;
    let high = vocabularySize - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return words[low] as string;
  };
  const docs = Array.from({ length: count }, () =>
    Array.from({ length: 40 + Math.floor(random() * 81) }, sample),
  );
  return { docs, word: (rank: number) => words[rank] as string };
}
