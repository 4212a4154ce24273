/**
 * The files deja install writes whole: Claude Code slash commands and the
 * VS Code instructions. Each tells the assistant which deja MCP tool to call.
 */

const FOOTER = '<!-- Written by `deja install`; `deja uninstall` removes it. -->';

export interface SlashCommand {
  name: string;
  content: string;
}

/** Claude Code custom commands (`/start`, `/checkpoint`, `/end`, `/status`, `/search`); `$ARGUMENTS` is what follows the command. */
export function slashCommands(cli: string): SlashCommand[] {
  const command = (description: string, hint: string, body: string[]) =>
    ['---', `description: ${description}`, `argument-hint: ${hint}`, '---', '', ...body, '', FOOTER, ''].join(
      '\n',
    );
  return [
    {
      name: 'start',
      content: command('Start a deja session for this project', '[goal]', [
        'Call the `session_start` tool of the deja MCP server (`mcp__deja__session_start`).',
        'If the following text is not empty, pass it as `goal`: $ARGUMENTS',
        '',
        'Then sum up the welcome it returns in a few lines: where the previous session stopped,',
        'recent decisions and open questions.',
      ]),
    },
    {
      name: 'checkpoint',
      content: command('Save a deja checkpoint of the current session', '[name]', [
        'Call the `session_checkpoint` tool of the deja MCP server (`mcp__deja__session_checkpoint`).',
        'If the following text is not empty, pass it as `name`: $ARGUMENTS',
        'Pass a one-paragraph `summary` of what was done since the last checkpoint.',
      ]),
    },
    {
      name: 'end',
      content: command(
        'End the deja session and write its hand-off',
        '[success|partial|failed|abandoned] [notes]',
        [
          'Call the `session_end` tool of the deja MCP server (`mcp__deja__session_end`).',
          'Arguments: $ARGUMENTS',
          'If the arguments start with success, partial, failed or abandoned, pass that word as `outcome`;',
          'pass the rest as `notes`. Otherwise choose the outcome yourself and write `notes` that tell the',
          'next session what is left to do.',
        ],
      ),
    },
    {
      name: 'status',
      content: command('Show the deja session status', '', [
        'Call the `session_status` tool of the deja MCP server (`mcp__deja__session_status`) and report',
        'the session, its duration, event counts, checkpoints and the health of the store.',
        `If that tool is not available (deja's core tool profile), run \`${cli} status\` in the shell instead.`,
      ]),
    },
    {
      name: 'search',
      content: command("Search deja's memory of this and earlier sessions", '<query>', [
        'Call the `search` tool of the deja MCP server (`mcp__deja__search`) with `query`: $ARGUMENTS',
        'Show the best results with their kind, date and a short snippet, and say which ones matter here.',
      ]),
    },
  ];
}

/** VS Code (Copilot) instructions: applied to every request in the workspace or profile. */
/**
 * A Copilot custom agent ("deja" in the agent picker) that works the session
 * lifecycle on its own: every tool stays available (no `tools` list), and the
 * body says when to use deja's.
 */
export function vscodeAgent(): string {
  return [
    '---',
    'name: deja',
    'description: Coding agent that remembers earlier sessions of this project (deja MCP server)',
    '---',
    '',
    'You are a coding agent with a long-term memory of this project, kept by the `deja` MCP server.',
    '',
    '1. Before anything else, call `session_start` with a one-line `goal` for the task and read the',
    '   welcome: the previous hand-off, relevant memories, recent decisions and open questions.',
    '2. Before answering about earlier work, or before changing code you have not seen this session,',
    '   call `search` with a few keywords; cite what it finds.',
    '3. As you work, record each decision, finding and open question with `session_record`, and store',
    '   lasting facts and lessons with `memory_store` (kind `decision` or `learning`). When you answer an',
    '   open question from the welcome, name its handle in the record: data `{"answers": "q:…"}`.',
    '4. After each milestone (tests pass, a feature works), call `session_checkpoint`.',
    '5. When the task is done or you stop, call `session_end` with an `outcome` and `notes` that say',
    '   what is left, so the next session starts where this one ended.',
    '',
    FOOTER,
    '',
  ].join('\n');
}

export function vscodeInstructions(): string {
  return [
    '---',
    "applyTo: '**'",
    'description: Use the deja MCP server for session memory',
    '---',
    '',
    '# deja: session lifecycle and long-term memory',
    '',
    'The `deja` MCP server remembers earlier sessions of this project. Use its tools:',
    '',
    '- At the start of a task, call `session_start` (with a short `goal`) and read the welcome:',
    '  it holds the previous hand-off, recent decisions and open questions.',
    '- Before answering questions about earlier work, call `search` with a few keywords.',
    '- Record decisions, findings and open questions with `session_record` as they happen',
    '  (an answer to an open question names its handle: data `{"answers": "q:…"}`);',
    '  store durable facts and lessons with `memory_store`.',
    '- At milestones, call `session_checkpoint`.',
    '- When the task is done or paused, call `session_end` with an `outcome` and `notes` that tell',
    '  the next session what is left to do.',
    '',
    FOOTER,
    '',
  ].join('\n');
}
