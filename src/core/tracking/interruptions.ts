/** An idle gap inside one session: nothing was recorded between `from` and `to`. */
export interface Interruption {
  sessionId: string;
  from: string;
  to: string;
  minutes: number;
}

/**
 * Finds idle gaps longer than `gapMinutes` between consecutive activity times of
 * each session. `times` must be ordered by session, then time (as the store returns them);
 * the gap's ends are returned as UTC ISO instants whatever form the times were stored in.
 */
export function detectInterruptions(
  times: Iterable<{ sessionId: string; at: string }>,
  gapMinutes: number,
): Interruption[] {
  const found: Interruption[] = [];
  const threshold = gapMinutes * 60_000;
  let previous: { sessionId: string; at: string; ms: number } | null = null;
  for (const time of times) {
    const ms = Date.parse(time.at);
    if (Number.isNaN(ms)) continue;
    if (previous && previous.sessionId === time.sessionId && ms - previous.ms > threshold) {
      found.push({
        sessionId: time.sessionId,
        from: new Date(previous.ms).toISOString(),
        to: new Date(ms).toISOString(),
        minutes: Math.round((ms - previous.ms) / 600) / 100,
      });
    }
    previous = { sessionId: time.sessionId, at: time.at, ms };
  }
  return found;
}
