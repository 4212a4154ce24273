import { type Command, InvalidArgumentError, Option } from 'commander';
import type { AppDeps } from '../../app/deps.js';
import {
  type ImportProgress,
  type ImportSummary,
  importTranscripts,
} from '../../app/import/import-transcripts.js';
import { watchTranscripts } from '../../app/import/watch-transcripts.js';
import { timeZoneOf } from '../../app/search/search-filters.js';
import { resolveSinceUntil } from '../../core/dates/parse-time-range.js';
import { UserError } from '../../core/errors.js';
import { TRANSCRIPT_SOURCES, type TranscriptSource } from '../../importers/transcript-types.js';
import { assistantFolders, userHome } from '../../user-home.js';
import { printResult } from '../output.js';
import { ProgressBar } from '../progress-bar.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

interface ImportOptions {
  source?: TranscriptSource;
  path?: string;
  since?: string;
  archive?: boolean;
  watch?: boolean;
  interval: number;
  json?: boolean;
}

export function registerImport(program: Command) {
  program
    .command('import')
    .description(
      "import the assistants' own transcripts (Claude Code, Codex): new lines only, safe to repeat",
    )
    .addOption(new Option('--source <source>', 'only this assistant').choices([...TRANSCRIPT_SOURCES]))
    .option('--path <path>', 'a transcript file or folder instead of the default folders')
    .option('--since <when>', 'only files changed since, e.g. yesterday, "last week", 2026-03-01')
    .option('--archive', 'keep a compressed copy of each transcript in DEJA_HOME/archive')
    .option('--no-archive', 'do not archive (overrides the configuration)')
    .option('--watch', 'keep running and import appended lines as they are written')
    .option('--interval <ms>', 'how often --watch looks for changes (100–60000)', parseInterval, 1000)
    .option('--json', 'print the summary as JSON')
    .action((options: ImportOptions, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const request = {
          userHome: userHome(),
          folders: assistantFolders(),
          ...(options.source ? { source: options.source } : {}),
          ...(options.path ? { path: options.path } : {}),
          ...(options.since ? { since: sinceDate(deps, options.since) } : {}),
          ...(options.archive !== undefined ? { archive: options.archive } : {}),
        };
        if (options.watch) {
          const stop = new AbortController();
          process.once('SIGINT', () => stop.abort());
          process.once('SIGTERM', () => stop.abort());
          await watchTranscripts(deps, request, {
            intervalMs: options.interval,
            signal: stop.signal,
            onRound: (summary) => printResult(Boolean(options.json), summary, describe(summary)),
          });
          return 0;
        }
        const bar = process.stderr.isTTY && !options.json ? new ProgressBar(process.stderr) : null;
        const summary = await importTranscripts(deps, {
          ...request,
          ...(bar ? { onProgress: (progress: ImportProgress) => bar.update(progress) } : {}),
        });
        bar?.done();
        printResult(Boolean(options.json), summary, describe(summary));
        return 0;
      }),
    );
}

function parseInterval(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 60_000)
    throw new InvalidArgumentError('must be a whole number of milliseconds from 100 to 60000');
  return ms;
}

function sinceDate(deps: AppDeps, since: string): Date {
  try {
    const range = resolveSinceUntil({ since }, { now: deps.clock.now(), timeZone: timeZoneOf(deps) });
    if (range.start) return range.start;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  throw new UserError(
    '--since',
    'must be a date or a time phrase (yesterday, "last week", 2026-03-01)',
    `got ${since}`,
  );
}

function describe(summary: ImportSummary): string {
  const number = (n: number) => n.toLocaleString('en-US');
  const lines = [
    `Imported ${number(summary.messages)} messages (${number(summary.toolCalls)} tool calls) in ${number(summary.sessions)} sessions from ${number(summary.filesChanged)} of ${number(summary.files)} files (${(summary.bytesRead / 2 ** 20).toFixed(1)} MB read).`,
    `Tokens: ${number(summary.tokens.input)} input, ${number(summary.tokens.output)} output, ${number(summary.tokens.cacheWrite)} cache write, ${number(summary.tokens.cacheRead)} cache read (${number(summary.responses)} new responses).`,
  ];
  if (summary.insights > 0) lines.push(`Insights captured: ${number(summary.insights)}.`);
  if (summary.archived > 0) lines.push(`Archived: ${number(summary.archived)} files.`);
  if (summary.skippedLines > 0) lines.push(`Skipped lines: ${number(summary.skippedLines)}.`);
  if (summary.warnings.length > 0)
    lines.push('Warnings:', ...summary.warnings.map((warning) => `  ${warning}`));
  return lines.join('\n');
}
