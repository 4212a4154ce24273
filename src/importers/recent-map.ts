/**
 * A Map that keeps only the most recently inserted `capacity` entries, so a
 * parser's memory (and its serialised resume state) stays small however long
 * the transcript is. Serialises to `[key, value]` pairs in insertion order, so
 * a restored map evicts exactly as the original would have.
 */
export class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly capacity: number,
    initial: Iterable<readonly [string, V]> = [],
  ) {
    for (const [key, value] of initial) this.set(key, value);
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  toPairs(): [string, V][] {
    return [...this.entries];
  }
}

/** Reads `[key, value]` pairs saved from RecentMap.toPairs (e.g. in resume state), dropping malformed ones. */
export function readPairs<V>(value: unknown, read: (item: unknown) => V | null): [string, V][] {
  if (!Array.isArray(value)) return [];
  const out: [string, V][] = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') continue;
    const item = read(pair[1]);
    if (item !== null) out.push([pair[0], item]);
  }
  return out;
}
