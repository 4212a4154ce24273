import type { ContextSnapshot } from './tracking-types.js';

/** A context snapshot as markdown, for an assistant to read back after a break or compaction. */
export function renderContext(snapshot: ContextSnapshot): string {
  const { state } = snapshot;
  const lines = [
    `# Context: ${snapshot.name}`,
    '',
    `Saved ${snapshot.createdAt}${snapshot.sessionId ? ` in session ${snapshot.sessionId}` : ''}.`,
  ];
  if (state.goal) lines.push('', `**Goal:** ${state.goal}`);
  if (snapshot.content) lines.push('', '## Notes', '', snapshot.content);
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push('', `## ${title}`, '', ...items.map((item) => `- ${item}`));
  };
  section('Decisions', state.decisions);
  section('Open questions', state.questions);
  section('Files touched', state.filesTouched);
  section(
    'Recent events',
    state.recentEvents.map(
      (event) => `${event.category}${event.type !== event.category ? `/${event.type}` : ''}: ${event.text}`,
    ),
  );
  if (state.git) {
    lines.push(
      '',
      `Git: ${state.git.branch ?? 'detached'} at ${state.git.head?.slice(0, 12) ?? 'no commit'}, ${state.git.dirtyFiles} changed file(s).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
