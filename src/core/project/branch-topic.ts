/** Branches that name no piece of work. */
const TRUNKS = new Set([
  'main',
  'master',
  'develop',
  'development',
  'dev',
  'trunk',
  'release',
  'staging',
  'head',
]);
/** Words branch naming conventions put in front of the topic. */
const KINDS = new Set([
  'feature',
  'feat',
  'fix',
  'bugfix',
  'hotfix',
  'chore',
  'refactor',
  'wip',
  'topic',
  'task',
]);

/**
 * What a branch name says the work is about, as words (`feature/search-latency` →
 * "search latency", `fix/JIRA-123_login_timeout` → "JIRA 123 login timeout"); null for a
 * trunk branch or a name that is only a convention's prefix. The welcome uses it in
 * place of a goal when the session was given none.
 */
export function branchTopic(branch: string | null): string | null {
  if (!branch || TRUNKS.has(branch.toLowerCase())) return null;
  const words = branch
    .split(/[/_\-.\s]+/)
    .filter((word) => word.length > 0 && !KINDS.has(word.toLowerCase()));
  // A user or team prefix (`ada/search-latency`) stays: it costs little and may match.
  return words.length > 0 ? words.join(' ') : null;
}
