import { describe, expect, it } from 'vitest';
import { cosine, fromBlob, l2Norm, normalize, toBlob } from './vectors.js';

describe('vector blobs', () => {
  it('round-trips exactly, special values included', () => {
    const vector = Float32Array.from([
      0,
      -0,
      1,
      -1.5,
      Math.PI,
      1e-38,
      3.4e38,
      Number.NaN,
      Infinity,
      -Infinity,
    ]);
    const back = fromBlob(toBlob(vector));
    expect(back).toHaveLength(vector.length);
    expect(Object.is(back[1], -0)).toBe(true);
    expect(Array.from(back)).toEqual(Array.from(vector));
  });

  it('is 4 little-endian bytes per dimension, no header', () => {
    const blob = toBlob(Float32Array.from([1, -2]));
    expect(blob).toBeInstanceOf(Buffer);
    expect([...blob]).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
  });

  it('encodes only the view, not the whole underlying buffer', () => {
    const backing = Float32Array.from([9, 1, 2, 9]);
    expect(Array.from(fromBlob(toBlob(backing.subarray(1, 3))))).toEqual([1, 2]);
  });

  it('decodes from an unaligned slice of a larger buffer into memory it owns', () => {
    const vector = Float32Array.from([0.25, -0.5, 0.75]);
    const padded = Buffer.concat([Buffer.from([7]), toBlob(vector), Buffer.from([7])]);
    const slice = padded.subarray(1, 13);
    const back = fromBlob(slice);
    expect(Array.from(back)).toEqual([0.25, -0.5, 0.75]);
    slice.fill(0);
    expect(Array.from(back)).toEqual([0.25, -0.5, 0.75]);
  });

  it('handles the empty vector and rejects a length that is not a multiple of 4', () => {
    expect(fromBlob(toBlob(new Float32Array(0)))).toHaveLength(0);
    expect(() => fromBlob(Buffer.alloc(6))).toThrow(/multiple of 4 bytes.*got 6/);
  });

  it('round-trips a 384-d normalised vector', () => {
    const vector = normalize(Array.from({ length: 384 }, (_, i) => Math.sin(i + 1)));
    expect(vector).not.toBeNull();
    const back = fromBlob(toBlob(vector as Float32Array));
    expect(cosine(back, vector as Float32Array)).toBeCloseTo(1, 6);
  });
});

describe('normalize and cosine', () => {
  it('normalises to unit length and refuses zero or non-finite vectors', () => {
    const unit = normalize([3, 4]);
    expect(Array.from(unit ?? [])).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(l2Norm(unit ?? [])).toBeCloseTo(1, 6);
    expect(normalize([0, 0, 0])).toBeNull();
    expect(normalize([1, Number.NaN])).toBeNull();
    expect(normalize([1, Infinity])).toBeNull();
  });

  it('is the dot product of normalised vectors', () => {
    const a = normalize([1, 0, 0]) as Float32Array;
    const b = normalize([0, 1, 0]) as Float32Array;
    const c = normalize([1, 1, 0]) as Float32Array;
    expect(cosine(a, a)).toBeCloseTo(1, 6);
    expect(cosine(a, b)).toBe(0);
    expect(cosine(a, c)).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('refuses vectors of different dimensions', () => {
    expect(() => cosine(new Float32Array(3), new Float32Array(4))).toThrow(
      /different dimensions \(3 and 4\)/,
    );
  });
});
