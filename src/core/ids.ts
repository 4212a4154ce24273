import { randomFillSync } from 'node:crypto';

/** Crockford's base32, as ULID uses: sortable as text. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
let lastTime = -1;
const lastRandom = new Uint8Array(RANDOM_CHARS); // one base32 digit (0..31) per entry

function randomDigits(into: Uint8Array): void {
  if (poolOffset + into.length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  for (let i = 0; i < into.length; i++) into[i] = (pool[poolOffset + i] as number) & 31;
  poolOffset += into.length;
}

/** Adds one to the random part; false when it overflows (2^80 ids in one millisecond). */
function incrementRandom(): boolean {
  for (let i = RANDOM_CHARS - 1; i >= 0; i--) {
    const digit = lastRandom[i] as number;
    if (digit < 31) {
      lastRandom[i] = digit + 1;
      return true;
    }
    lastRandom[i] = 0;
  }
  return false;
}

/**
 * Time-ordered, globally unique ids (ULID: 48-bit millisecond time, 80 random
 * bits, Crockford base32). Monotonic within a process: ids made in the same
 * millisecond (or with a clock that went back) still sort in creation order.
 */
export function newId(now: Date = new Date()): string {
  let time = now.getTime();
  if (!Number.isInteger(time) || time < 0 || time > 2 ** 48 - 1) {
    throw new RangeError(`newId: time must be a millisecond timestamp in ULID range, got ${time}`);
  }
  if (time <= lastTime) {
    time = lastTime;
    if (!incrementRandom()) throw new RangeError('newId: too many ids in one millisecond');
  } else {
    lastTime = time;
    randomDigits(lastRandom);
  }
  let text = '';
  for (let i = TIME_CHARS - 1, t = time; i >= 0; i--) {
    text = ALPHABET[t % 32] + text;
    t = Math.floor(t / 32);
  }
  for (const digit of lastRandom) text += ALPHABET[digit];
  return text;
}

/** The millisecond timestamp an id was made at. */
export function idTime(id: string): number {
  let time = 0;
  for (let i = 0; i < TIME_CHARS; i++) time = time * 32 + ALPHABET.indexOf(id[i] ?? '');
  return time;
}
