import { describe, expect, it } from 'vitest';
import { idTime, newId } from './ids.js';

describe('newId', () => {
  it('makes 26-character Crockford base32 ids carrying their time', () => {
    const now = new Date('2026-11-25T12:00:00.123Z');
    const id = newId(now);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(id)).toBe(now.getTime());
  });

  it('sorts as text in creation order, within one millisecond and when the clock goes back', () => {
    const t = new Date('2026-11-25T12:00:01.000Z');
    const ids = [newId(t), newId(t), newId(t), newId(new Date(t.getTime() - 5000)), newId(t)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is unique over many ids', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId()));
    expect(ids.size).toBe(20_000);
  });

  it('rejects times outside the ULID range', () => {
    expect(() => newId(new Date(Number.NaN))).toThrow(/millisecond timestamp/);
    expect(() => newId(new Date(-1))).toThrow(/millisecond timestamp/);
  });
});
