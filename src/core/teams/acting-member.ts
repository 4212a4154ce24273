import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The member a piece of work acts for. A process acts as its configured member
 * (`member` / DEJA_MEMBER; none = single-user mode); the HTTP face runs each
 * request that carried a member token as that token's member. The store reads
 * it as a default (queries whose caller named no member, sessions it records),
 * so code that predates teams still only sees what the member may see.
 */
const requestMember = new AsyncLocalStorage<string | null>();
let processMember: string | null = null;

/** Sets the member this process acts as (null: single-user mode). */
export function setProcessMember(member: string | null | undefined): void {
  processMember = member ?? null;
}

/** Runs `work` acting as `member` (null: single-user mode / the local owner without a member). */
export function runAsMember<T>(member: string | null, work: () => T): T {
  return requestMember.run(member, work);
}

/** The member the current work acts as; null in single-user mode. */
export function currentMember(): string | null {
  const scoped = requestMember.getStore();
  return scoped === undefined ? processMember : scoped;
}

/** The member of the enclosing `runAsMember`, or undefined outside one. */
export function scopedMember(): string | null | undefined {
  return requestMember.getStore();
}

/**
 * The member a store query is restricted to: the one the caller named, or
 * (when it named none) the acting member; null means no restriction.
 */
export function visibilityMember(visibleTo: string | null | undefined): string | null {
  return visibleTo === undefined ? currentMember() : visibleTo;
}
