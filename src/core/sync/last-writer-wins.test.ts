import { describe, expect, it } from 'vitest';
import {
  countMerge,
  incomingWins,
  keepsUniqueSlot,
  type MergeCounts,
  replacesExisting,
  rowHash,
  sameRow,
  tombstoneWins,
} from './last-writer-wins.js';

const COLUMNS = ['content', 'updated_at'] as const;
const row = (content: string, updatedAt: string) => ({ content, updated_at: updatedAt });
const counts = (): MergeCounts => ({ unchanged: 0, conflicts: 0, kept: 0 });

describe('last writer wins', () => {
  it('the later updated_at wins, whichever side holds it', () => {
    const older = row('old', '2026-03-01T10:00:00.000Z');
    const newer = row('new', '2026-03-02T10:00:00.000Z');
    expect(incomingWins(newer, older, COLUMNS)).toBe(true);
    expect(incomingWins(older, newer, COLUMNS)).toBe(false);
  });

  it('a tie goes to the greater content hash on both sides, so every store picks the same version', () => {
    const a = row('alpha', '2026-03-01T10:00:00.000Z');
    const b = row('bravo', '2026-03-01T10:00:00.000Z');
    expect(incomingWins(a, b, COLUMNS)).toBe(!incomingWins(b, a, COLUMNS));
    const winner = incomingWins(a, b, COLUMNS) ? a : b;
    expect(rowHash(winner, COLUMNS) > rowHash(winner === a ? b : a, COLUMNS)).toBe(true);
  });

  it('sameRow compares only the given columns, treating missing as null', () => {
    expect(sameRow({ content: 'x', id: '1' }, { content: 'x', id: '2' }, ['content'])).toBe(true);
    expect(sameRow({ content: 'x' }, { content: 'x', extra: null }, ['content', 'extra'])).toBe(true);
    expect(sameRow({ content: 'x' }, { content: 'y' }, ['content'])).toBe(false);
  });

  it('a deletion wins against a version not newer than it; a later edit brings the row back', () => {
    expect(tombstoneWins('2026-03-02T00:00:00.000Z', row('x', '2026-03-01T00:00:00.000Z'))).toBe(true);
    expect(tombstoneWins('2026-03-01T00:00:00.000Z', row('x', '2026-03-01T00:00:00.000Z'))).toBe(true);
    expect(tombstoneWins('2026-03-01T00:00:00.000Z', row('x', '2026-03-02T00:00:00.000Z'))).toBe(false);
  });

  it('of two ids for one unique value, the smaller stays', () => {
    expect(keepsUniqueSlot('mem_01', 'mem_02')).toBe(true);
    expect(keepsUniqueSlot('mem_02', 'mem_01')).toBe(false);
  });

  it('replacesExisting counts an identical row as unchanged, a losing one as kept, a winning one as a conflict', () => {
    const existing = row('mine', '2026-03-02T00:00:00.000Z');
    const same = counts();
    expect(replacesExisting({ ...existing }, existing, COLUMNS, same)).toBe(false);
    expect(same).toEqual({ unchanged: 1, conflicts: 0, kept: 0 });

    const losing = counts();
    expect(replacesExisting(row('theirs', '2026-03-01T00:00:00.000Z'), existing, COLUMNS, losing)).toBe(
      false,
    );
    expect(losing).toEqual({ unchanged: 0, conflicts: 1, kept: 1 });

    const winning = counts();
    expect(replacesExisting(row('theirs', '2026-03-03T00:00:00.000Z'), existing, COLUMNS, winning)).toBe(
      true,
    );
    expect(winning).toEqual({ unchanged: 0, conflicts: 1, kept: 0 });
  });

  it('countMerge: a grown set counts as updated even when the other version won', () => {
    const tally = () => ({ updated: 0, unchanged: 0, conflicts: 0, kept: 0 });
    const same = tally();
    countMerge(same, false, false);
    expect(same).toEqual({ updated: 0, unchanged: 1, conflicts: 0, kept: 0 });
    const lostButGrew = tally();
    countMerge(lostButGrew, true, true);
    expect(lostButGrew).toEqual({ updated: 1, unchanged: 0, conflicts: 1, kept: 0 });
    const lost = tally();
    countMerge(lost, true, false);
    expect(lost).toEqual({ updated: 0, unchanged: 0, conflicts: 1, kept: 1 });
  });
});
