import type { SyncBatch, SyncRow } from '../sync-port.js';

/** A page of rows read for sync (both backends): rows whose `_present` is null are gone; `_pos` is the cursor. */
export function toBatch(raw: Record<string, unknown>[], limit: number): SyncBatch {
  const rows: SyncRow[] = [];
  for (const row of raw) {
    if ('_present' in row && row._present === null) continue;
    const { _pos: _p, _present: _x, ...rest } = row;
    rows.push(rest as SyncRow);
  }
  const last = raw.length ? Number(raw[raw.length - 1]?._pos) : null;
  return { rows, last, done: raw.length < limit };
}
