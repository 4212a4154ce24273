import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ZodError } from 'zod';
import { recordEvent } from '../../app/events/record-event.js';
import { isUserError, UserError } from '../../core/errors.js';
import { sessionRecordInput } from '../../core/schemas.js';
import { formatZodError } from '../../core/validation.js';
import { cliSession } from '../cli-session.js';
import { printError, printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerRecord(program: Command) {
  program
    .command('record')
    .argument(
      '[category]',
      'tool_call | tool_response | decision | finding | question | phase | checkpoint | custom',
    )
    .argument('[text]', 'the event text (or use --data)')
    .description(
      'record an event in the current session (or many, one JSON object per line, with --from-jsonl)',
    )
    .option('--type <type>', 'sub-type (default: the category)')
    .option('--data <json>', 'event data as a JSON object')
    .option('--from-jsonl <file>', 'record each line {category, type?, data?} of a file ("-" for stdin)')
    .option('--session <id>', 'session id (default: the active one of this folder)')
    .option('--json', 'print JSON')
    .action((category: string | undefined, text: string | undefined, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const session = await cliSession(deps, options.session);
        if (options.fromJsonl) {
          const input = options.fromJsonl === '-' ? process.stdin : createReadStream(options.fromJsonl);
          let recorded = 0;
          let failed = 0;
          let line = 0;
          for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
            line++;
            if (!raw.trim()) continue;
            try {
              const parsed = sessionRecordInput.omit({ session_id: true }).parse(JSON.parse(raw));
              await recordEvent(deps, session, parsed);
              recorded++;
            } catch (error) {
              failed++;
              printError(`line ${line}: ${describe(error)}`);
            }
          }
          printResult(
            options.json,
            { recorded, failed, session_id: session.id },
            `Recorded ${recorded} event(s), ${failed} failed.`,
          );
          return failed > 0 ? 1 : 0;
        }
        if (!category)
          throw new UserError('category', 'is required', 'e.g. deja record decision "Use SQLite WAL"');
        let data: unknown = text;
        if (options.data !== undefined) {
          try {
            data = JSON.parse(options.data);
          } catch {
            throw new UserError(
              'data',
              'must be a JSON object',
              `could not parse ${JSON.stringify(options.data)}`,
            );
          }
        }
        const input = sessionRecordInput
          .omit({ session_id: true })
          .parse({ category, type: options.type, data });
        const event = await recordEvent(deps, session, input);
        printResult(
          options.json,
          { id: event.id, session_id: event.sessionId, created_at: event.createdAt },
          `Recorded ${event.category} ${event.id}.`,
        );
        return 0;
      }),
    );
}

function describe(error: unknown): string {
  if (error instanceof ZodError) return formatZodError(error);
  if (isUserError(error)) return error.message;
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  return String(error);
}
