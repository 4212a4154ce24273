import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** Time-ordered, globally unique ids (ULID): sortable and safe to merge across machines. */
export function newId(now: Date = new Date()): string {
  return nextUlid(now.getTime());
}
