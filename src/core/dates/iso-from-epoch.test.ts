import { describe, expect, it } from 'vitest';
import { isoFromEpoch } from './iso-from-epoch.js';

describe('isoFromEpoch', () => {
  it('gives exactly what toISOString gives, across days, years, leap days and before 1970', () => {
    const edges = [
      0,
      -1,
      86_399_999,
      86_400_000,
      Date.parse('2024-02-29T23:59:59.999Z'),
      Date.parse('2026-11-26T07:00:00.000Z'),
      Date.parse('1969-12-31T00:00:00.001Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const samples = [...edges, ...Array.from({ length: 5000 }, () => Math.floor((random() - 0.3) * 4e12))];
    for (const ms of samples) expect(isoFromEpoch(ms)).toBe(new Date(ms).toISOString());
  });

  it('stays right after its cache of days is cleared', () => {
    for (let day = 0; day < 5000; day++) isoFromEpoch(day * 86_400_000);
    expect(isoFromEpoch(Date.parse('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02T03:04:05.006Z');
  });
});
