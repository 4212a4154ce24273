import { newId } from '../../core/ids.js';
import {
  type FlagIssueInput,
  flagIssueInput,
  type LogInteractionInput,
  logInteractionInput,
} from '../../core/tracking/tracking-schemas.js';
import type { Interaction, IssueFlag } from '../../core/tracking/tracking-types.js';
import type { AppDeps } from '../deps.js';
import { type TrackingContext, trackingScope } from './tracking-scope.js';

/** `log_interaction`: stores a prompt, what came of it and an optional rating, per session and project. */
export async function logInteraction(
  deps: AppDeps,
  raw: LogInteractionInput,
  context: TrackingContext,
): Promise<Interaction> {
  const input = logInteractionInput.parse(raw);
  const { project, session } = await trackingScope(deps, input.session_id, context);
  const now = deps.clock.now();
  const interaction: Interaction = {
    id: newId(now),
    projectId: project.id,
    sessionId: session?.id ?? null,
    prompt: input.prompt,
    responseSummary: input.response_summary,
    rating: input.rating ?? null,
    files: [...new Set(input.files ?? [])],
    createdAt: now.toISOString(),
  };
  await deps.store.insertInteraction(interaction);
  return interaction;
}

/** `flag_issue`: stores a problem with the assistant's work (hallucination, context loss, …). */
export async function flagIssue(
  deps: AppDeps,
  raw: FlagIssueInput,
  context: TrackingContext,
): Promise<IssueFlag> {
  const input = flagIssueInput.parse(raw);
  const { project, session } = await trackingScope(deps, input.session_id, context);
  const now = deps.clock.now();
  const issue: IssueFlag = {
    id: newId(now),
    projectId: project.id,
    sessionId: session?.id ?? null,
    type: input.type,
    severity: input.severity,
    description: input.description,
    createdAt: now.toISOString(),
  };
  await deps.store.insertIssue(issue);
  return issue;
}
