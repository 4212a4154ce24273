import { createHash } from 'node:crypto';

/** A row as it travels between stores: column → text, number or null. */
export type CanonicalRow = Record<string, string | number | null>;

/**
 * A hash of a row's synced columns (in the given order), the same on every
 * store for the same content: the tie-break when two versions share an
 * `updated_at`, so every side picks the same winner without talking.
 */
export function rowHash(row: CanonicalRow, columns: readonly string[]): string {
  const values = columns.map((column) => row[column] ?? null);
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}

export function sameRow(a: CanonicalRow, b: CanonicalRow, columns: readonly string[]): boolean {
  return columns.every((column) => (a[column] ?? null) === (b[column] ?? null));
}

/**
 * Last writer wins: the later `updated_at`; on a tie, the greater content
 * hash. True when `incoming` should replace `existing`. Deterministic and
 * symmetric, so two stores exchanging versions converge on one.
 */
export function incomingWins(
  incoming: CanonicalRow,
  existing: CanonicalRow,
  columns: readonly string[],
): boolean {
  const a = String(incoming.updated_at ?? '');
  const b = String(existing.updated_at ?? '');
  if (a !== b) return a > b;
  return rowHash(incoming, columns) > rowHash(existing, columns);
}

/**
 * A deletion against a version of the row: the tombstone wins when it is not
 * older than the version (a tie deletes). An edit made after the deletion
 * (elsewhere) brings the row back.
 */
export function tombstoneWins(deletedAt: string, row: CanonicalRow): boolean {
  return deletedAt >= String(row.updated_at ?? '');
}

/**
 * Two different ids for one unique value (a memory stored on two machines
 * before either synced): the smaller id stays everywhere, the other goes.
 */
export function keepsUniqueSlot(incomingId: string, existingId: string): boolean {
  return incomingId < existingId;
}

/** The counters a merge adds to (a subset of a sync batch's counts). */
export interface MergeCounts {
  unchanged: number;
  conflicts: number;
  kept: number;
}

/**
 * A row the target already holds under the same name: true when the incoming
 * version should replace it (last writer wins), counting what happened.
 */
export function replacesExisting(
  incoming: CanonicalRow,
  existing: CanonicalRow,
  columns: readonly string[],
  counts: MergeCounts,
): boolean {
  if (sameRow(incoming, existing, columns)) {
    counts.unchanged++;
    return false;
  }
  counts.conflicts++;
  if (incomingWins(incoming, existing, columns)) return true;
  counts.kept++;
  return false;
}

/**
 * Counts the merge of a row whose content may differ (`differs`) and which
 * the merge may have changed (`changed`: its version won, or a set inside it
 * grew): a conflict when the versions differed; updated, kept or unchanged.
 */
export function countMerge(
  counts: MergeCounts & { updated: number },
  differs: boolean,
  changed: boolean,
): void {
  if (differs) counts.conflicts++;
  if (changed) counts.updated++;
  else if (differs) counts.kept++;
  else counts.unchanged++;
}
