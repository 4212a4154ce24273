import { type Command, Option } from 'commander';
import { formatSearch } from '../../app/search/format-search.js';
import { search } from '../../app/search/search.js';
import { type SessionSearchOutput, searchSessions } from '../../app/search/search-sessions.js';
import { SEARCH_MODES } from '../../core/search-schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSearch(program: Command) {
  program
    .command('search')
    .description('search memories, events, conversations, checkpoints and hand-offs')
    .argument('[query...]', 'words, identifiers or a question')
    .addOption(new Option('--mode <mode>', 'search mode').choices([...SEARCH_MODES]))
    .option('--project <ref>', 'project id, name or path')
    .option('--session <id>')
    .option(
      '--kind <kind>',
      'memory kind, source (memory|event|message|checkpoint|handoff) or event category',
    )
    .option('--tag <tag>', 'only items with this tag (repeatable)', collect)
    .option('--category <category>')
    .option('--role <role>', 'user | assistant (conversation messages)')
    .option('--file <path>', 'part of a file path the item mentions')
    .option('--since <when>', 'e.g. yesterday, "last week", march, 2026-03-01')
    .option('--until <when>')
    .option('--min-confidence <n>', '0–1', Number)
    .option('--limit <n>', '1–100 (default 10)', Number)
    .option('--cursor <cursor>', 'next_cursor of the previous page')
    .option('--max-tokens <n>', 'token budget for all snippets', Number)
    .option('--by-session', 'rank conversations (sessions) by their matching results')
    .option('--json', 'print JSON')
    .action((words: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const output = await (options.bySession ? searchSessions : search)(deps, {
          query: words.join(' '),
          mode: options.mode,
          project: options.project,
          session_id: options.session,
          kind: options.kind,
          tags: options.tag,
          category: options.category,
          role: options.role,
          file: options.file,
          since: options.since,
          until: options.until,
          min_confidence: options.minConfidence,
          limit: options.limit,
          cursor: options.cursor,
          max_tokens: options.maxTokens,
        });
        const text =
          'sessions' in output ? formatSessionSearch(output as SessionSearchOutput) : formatSearch(output);
        printResult(options.json, output, text);
        return 0;
      }),
    );
}

function formatSessionSearch(output: SessionSearchOutput): string {
  if (output.sessions.length === 0) return formatSearch(output);
  return output.sessions
    .map((group, index) => {
      const best = group.results[0];
      const lines = group.results
        .slice(0, 3)
        .map((result) => `     ${result.snippet.replace(/\s+/g, ' ').slice(0, 160)}`);
      return `${index + 1}. session ${group.session_id} (${group.results.length} matches, score ${group.score})${best ? ` — ${best.created_at.slice(0, 10)}` : ''}\n${lines.join('\n')}`;
    })
    .join('\n');
}
