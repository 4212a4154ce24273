import { createInterface } from 'node:readline';
import { type Command, Option } from 'commander';
import { forgetMemories, resetMemories } from '../../app/memory/forget-memory.js';
import {
  importSummary,
  readMemoriesFile,
  writeMemories,
  writeMemoriesFile,
} from '../../app/memory/memory-file.js';
import { memoryStats } from '../../app/memory/memory-stats.js';
import { importMemories } from '../../app/memory/memory-transfer.js';
import { storeMemory } from '../../app/memory/store-memory.js';
import { findProjectByRef } from '../../app/sessions/ensure-project.js';
import { MEMORY_KINDS } from '../../core/types.js';
import { printResult, style } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerMemory(program: Command) {
  const memory = program.command('memory').description('store, forget, count, export and import memories');

  memory
    .command('add')
    .description('remember a text (same text again returns the same id)')
    .argument('<content...>', 'the text to remember')
    .addOption(new Option('--kind <kind>', 'kind of memory').choices([...MEMORY_KINDS]).default('reflection'))
    .option('--tag <tag>', 'tag (repeatable)', collect)
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--confidence <n>', '0–1', Number)
    .option('--title <title>', 'title (learnings)')
    .option('--category <category>', 'category (learnings)')
    .option('--json', 'print JSON')
    .action((content: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const { memory: stored, deduplicated } = await storeMemory(
          deps,
          {
            content: content.join(' '),
            kind: options.kind,
            tags: options.tag,
            project: options.project,
            confidence: options.confidence,
            title: options.title,
            category: options.category,
          },
          { cwd: process.cwd(), source: 'cli' },
        );
        printResult(
          options.json,
          { id: stored.id, deduplicated, project: stored.projectId },
          deduplicated ? `Already remembered as ${stored.id}` : `Remembered ${stored.kind} ${stored.id}`,
        );
        return 0;
      }),
    );

  memory
    .command('forget')
    .description('delete memories by id, or by query (preview unless --yes)')
    .argument('[ids...]', 'memory ids')
    .option('--query <words>', 'delete memories matching every word')
    .option('--project <ref>', 'limit --query to a project')
    .option('--yes', 'really delete what --query matches')
    .option('--json', 'print JSON')
    .action((ids: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await forgetMemories(deps, {
          ids: ids.length ? ids : undefined,
          query: options.query,
          project: options.project,
          confirm: options.yes === true,
        });
        const text = result.preview
          ? `${result.matched.length} memories match; run again with --yes to delete them.\n${result.matched.join('\n')}`
          : `Deleted ${result.deleted} memories.`;
        printResult(options.json, result, text);
        return 0;
      }),
    );

  memory
    .command('reset')
    .description('delete every memory (of one project with --project); needs --yes')
    .option('--project <ref>')
    .option('--yes', 'confirm')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await resetMemories(deps, { project: options.project, confirm: options.yes === true });
        printResult(options.json, result, `Deleted ${result.deleted} memories.`);
        return 0;
      }),
    );

  memory
    .command('stats')
    .description('counts of memories by kind, project and source')
    .option('--project <ref>')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const stats = await memoryStats(deps, { project: options.project });
        const lines = [
          `${stats.total} memories${stats.oldest ? ` (${stats.oldest.slice(0, 10)} – ${stats.newest?.slice(0, 10)})` : ''}`,
          ...(['byKind', 'byProject', 'bySource'] as const).map(
            (key) =>
              `${style.dim(key.slice(2).toLowerCase())}: ${
                Object.entries(stats[key])
                  .map(([name, n]) => `${name} ${n}`)
                  .join(', ') || '-'
              }`,
          ),
        ];
        printResult(options.json, stats, lines.join('\n'));
        return 0;
      }),
    );

  memory
    .command('export')
    .description('write memories as JSONL (to stdout, or --out)')
    .option('--project <ref>')
    .option('--out <file>')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const projectId = options.project ? (await findProjectByRef(deps, options.project)).id : undefined;
        if (options.out) {
          const written = await writeMemoriesFile(deps, {
            path: options.out,
            cwd: process.cwd(),
            overwrite: true,
            ...(projectId ? { projectId } : {}),
          });
          process.stderr.write(`Exported ${written.count} memories to ${written.path}\n`);
          return 0;
        }
        await writeMemories(deps, process.stdout, projectId);
        return 0;
      }),
    );

  memory
    .command('import')
    .description('read memories from JSONL (a file, or stdin); re-importing adds nothing')
    .argument('[file]', 'JSONL file (default: stdin)')
    .option('--json', 'print JSON')
    .action((file: string | undefined, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const report = file
          ? await readMemoriesFile(deps, { path: file, cwd: process.cwd() })
          : await importMemories(
              deps,
              createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY }),
              { cwd: process.cwd() },
            );
        const text = [
          importSummary(report),
          ...report.problems.map((problem) => `  line ${problem.line}: ${problem.reason}`),
        ].join('\n');
        printResult(options.json, report, text);
        return report.skipped > 0 && report.inserted + report.duplicates === 0 ? 1 : 0;
      }),
    );
}
