import type { EndReason, Session } from '../../core/types.js';

/**
 * The end time deja records: never past the maximum duration, and for a
 * session found abandoned, its last sign of life rather than the moment it was found.
 */
export function recordedEnd(
  session: Session,
  now: Date,
  reason: EndReason,
  maxDurationHours: number,
): string {
  const cap = Date.parse(session.startedAt) + maxDurationHours * 3_600_000;
  const observed = reason === 'stale' ? Date.parse(session.lastActivityAt) : now.getTime();
  return new Date(Math.max(Date.parse(session.startedAt), Math.min(observed, cap))).toISOString();
}

export function isPastMaxDuration(session: Session, now: Date, maxDurationHours: number): boolean {
  return now.getTime() > Date.parse(session.startedAt) + maxDurationHours * 3_600_000;
}
