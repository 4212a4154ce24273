import type { Command } from 'commander';
import type { AppDeps } from '../../app/deps.js';
import { graphText, manageGraph, toEntityView, toRelationView } from '../../app/graph/graph.js';
import { UserError } from '../../core/errors.js';
import { graphInput } from '../../core/graph/graph-schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function parseProperties(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new UserError('properties', 'must be a JSON object', `e.g. '{"owner":"ana"}'`);
}

/** Runs one graph action from the CLI and prints its result. */
function run(command: Command, raw: Record<string, unknown>, json: boolean) {
  return runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps: AppDeps) => {
    const input = graphInput.parse(
      Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
    );
    const result = await manageGraph(deps, input, { cwd: process.cwd() });
    printResult(
      json,
      {
        action: result.action,
        project: result.projectId,
        entities: result.entities.map(toEntityView),
        relations: result.relations.map(toRelationView),
        path: result.path,
        count: result.count,
      },
      graphText(result),
    );
    return 0;
  });
}

export function registerGraph(program: Command) {
  const graph = program
    .command('graph')
    .description(
      'knowledge graph: entities and relations, with traversals (files touched are added automatically)',
    );
  const common = (sub: Command) =>
    sub
      .option('--project <ref>', 'project id, name or path (default: this folder)')
      .option('--json', 'print JSON');

  common(
    graph
      .command('add')
      .description('add an entity, or merge properties into the one of the same type and name')
      .argument('<type>', 'file, function, class, module, decision, concept, person or other')
      .argument('<name...>', 'entity name')
      .option('--properties <json>', 'JSON object of properties'),
  ).action((type: string, name: string[], options, command: Command) =>
    run(
      command,
      {
        action: 'add_entity',
        type,
        name: name.join(' '),
        properties: parseProperties(options.properties),
        project: options.project,
      },
      options.json,
    ),
  );

  common(
    graph
      .command('link')
      .description('relate two entities: deja graph link file:src/a.ts uses file:src/b.ts')
      .argument('<from>', 'entity id or type:name')
      .argument(
        '<relation>',
        'uses, extends, references, depends_on, calls, contains, decided_by or related_to',
      )
      .argument('<to>', 'entity id or type:name')
      .option('--weight <n>', 'relation weight (default 1)', Number)
      .option('--properties <json>', 'JSON object of properties'),
  ).action((from: string, relation: string, to: string, options, command: Command) =>
    run(
      command,
      {
        action: 'link',
        from,
        relation,
        to,
        weight: options.weight,
        properties: parseProperties(options.properties),
        project: options.project,
      },
      options.json,
    ),
  );

  common(
    graph
      .command('unlink')
      .description('remove the relations from one entity to another')
      .argument('<from>')
      .argument('<to>')
      .option('--relation <type>', 'only this relation type'),
  ).action((from: string, to: string, options, command: Command) =>
    run(
      command,
      { action: 'unlink', from, to, relation: options.relation, project: options.project },
      options.json,
    ),
  );

  common(
    graph.command('delete').description('delete an entity and its relations').argument('<entity>'),
  ).action((entity: string, options, command: Command) =>
    run(command, { action: 'delete', entity, project: options.project }, options.json),
  );

  common(
    graph
      .command('find')
      .description('find entities by name (substring by default) and/or type')
      .argument('[name...]')
      .option('--type <type>', 'entity type')
      .option('--match <how>', 'exact, prefix or substring')
      .option('--limit <n>', 'at most this many', Number),
  ).action((name: string[], options, command: Command) =>
    run(
      command,
      {
        action: 'find',
        name: name.length > 0 ? name.join(' ') : undefined,
        type: options.type,
        match: options.match,
        limit: options.limit,
        project: options.project,
      },
      options.json,
    ),
  );

  common(
    graph
      .command('neighbours')
      .alias('neighbors')
      .description('entities around one, up to --depth relations away (1–5)')
      .argument('<entity>')
      .option('--depth <n>', 'relations to follow, 1–5 (default 1)', Number)
      .option('--direction <dir>', 'out, in or both (default)')
      .option('--relation-type <type>', 'follow only this relation type (repeatable)', collect)
      .option('--limit <n>', 'at most this many entities', Number),
  ).action((entity: string, options, command: Command) =>
    run(
      command,
      {
        action: 'neighbours',
        entity,
        depth: options.depth,
        direction: options.direction,
        relation_types: options.relationType,
        limit: options.limit,
        project: options.project,
      },
      options.json,
    ),
  );

  common(
    graph
      .command('path')
      .description('a shortest chain of relations between two entities')
      .argument('<from>')
      .argument('<to>')
      .option('--depth <n>', 'longest path, 1–5 (default 5)', Number)
      .option('--direction <dir>', 'out or both (default)'),
  ).action((from: string, to: string, options, command: Command) =>
    run(
      command,
      {
        action: 'path',
        from,
        to,
        depth: options.depth,
        direction: options.direction,
        project: options.project,
      },
      options.json,
    ),
  );
}
