/**
 * Vector helpers shared by every embedder and by the stores: normalisation,
 * cosine of normalised vectors, and the BLOB encoding (little-endian float32,
 * 4 bytes per dimension, no header) in which vectors are stored.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Cosine similarity of two L2-normalised vectors (their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new Error(`cannot compare vectors of different dimensions (${a.length} and ${b.length})`);
  }
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
}

/** Euclidean length. */
export function l2Norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i] as number;
    sum += x * x;
  }
  return Math.sqrt(sum);
}

/**
 * A new Float32Array of unit length pointing the same way, or null when the input
 * cannot be normalised (all zeros, or a NaN/Infinity in it).
 */
export function normalize(vector: ArrayLike<number>): Float32Array | null {
  const norm = l2Norm(vector);
  if (!Number.isFinite(norm) || norm === 0) return null;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) / norm;
  return out;
}

/** Encodes a vector as little-endian float32 bytes (what the stores keep in a BLOB / bytea). */
export function toBlob(vector: Float32Array): Buffer {
  if (LITTLE_ENDIAN) {
    return Buffer.from(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  }
  const out = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i] as number, i * 4);
  return out;
}

/** Decodes bytes written by `toBlob`; the result owns its memory (aligned, independent of the Buffer). */
export function fromBlob(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) {
    throw new Error(`a float32 vector blob must be a multiple of 4 bytes long (got ${blob.byteLength})`);
  }
  const out = new Float32Array(blob.byteLength / 4);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(blob);
    return out;
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
