import { type TrackingListInput, trackingListInput } from '../../core/tracking/tracking-schemas.js';
import type {
  CodeMetricsRecord,
  ContextSnapshot,
  Interaction,
  IssueFlag,
} from '../../core/tracking/tracking-types.js';
import type { AppDeps } from '../deps.js';
import { trackingFilter } from './tracking-range.js';

export type TrackingListResult =
  | { kind: 'interactions'; items: Interaction[] }
  | { kind: 'issues'; items: IssueFlag[] }
  | { kind: 'metrics'; items: CodeMetricsRecord[] }
  | { kind: 'snapshots'; items: ContextSnapshot[] };

/** `tracking_list`: logged interactions, flagged issues, code measurements or context snapshots, newest first. */
export async function listTracking(
  deps: AppDeps,
  raw: TrackingListInput,
  context: { cwd: string },
): Promise<TrackingListResult> {
  const input = trackingListInput.parse(raw);
  const { filter } = await trackingFilter(deps, input, context.cwd);
  switch (input.kind) {
    case 'interactions':
      return { kind: input.kind, items: await deps.store.listInteractions(filter, input.limit) };
    case 'issues':
      return { kind: input.kind, items: await deps.store.listIssues(filter, input.limit) };
    case 'metrics':
      return {
        kind: input.kind,
        items: await deps.store.listCodeMetrics({ ...filter, path: input.path }, input.limit),
      };
    case 'snapshots':
      return { kind: input.kind, items: await deps.store.listContextSnapshots(filter, input.limit) };
  }
}
