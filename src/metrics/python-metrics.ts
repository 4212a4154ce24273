import { createRequire } from 'node:module';
import type { Node, Parser as ParserType } from 'web-tree-sitter';
import { countLines, type FunctionFacts, summariseFunctions } from '../core/tracking/summarise-functions.js';
import type { FileMeasurement } from '../core/tracking/tracking-types.js';

const require = createRequire(import.meta.url);

let loaded: Promise<ParserType> | null = null;
/** web-tree-sitter with the Python grammar shipped in the `tree-sitter-python` package (no download). */
function pythonParser(): Promise<ParserType> {
  loaded ??= (async () => {
    const { Language, Parser } = await import('web-tree-sitter');
    await Parser.init();
    const python = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(python);
    return parser;
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}

/** Node types that add one decision point to the enclosing function. */
const DECISIONS = new Set([
  'if_statement',
  'elif_clause',
  'for_statement',
  'while_statement',
  'except_clause',
  'except_group_clause',
  'conditional_expression',
  'boolean_operator',
  'for_in_clause',
  'if_clause',
  'case_clause',
]);

/**
 * Measures a Python file with tree-sitter's Python grammar.
 *
 * - Functions: every `def` / `async def` (methods and nested functions too); lambdas are
 *   part of the function they sit in.
 * - Complexity of a function: 1 + each `if`, `elif`, `for`, `while`, `except`, `x if c else y`,
 *   `and`/`or` operator, comprehension `for` and `if`, and match `case` in its own body.
 *   Decision points outside every function add to the file total only.
 * - Documentable: every function and class; documented when the first statement of its
 *   body is a string literal (a docstring).
 */
export async function measurePython(text: string): Promise<FileMeasurement> {
  const parser = await pythonParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('the Python parser returned no tree');
  const facts: FunctionFacts = {
    complexities: [],
    topLevelDecisions: 0,
    classes: 0,
    documentable: 0,
    documented: 0,
    lines: countLines(text),
  };
  try {
    // Iterative walk: deep nesting cannot overflow the stack.
    const stack: { node: Node; scope: number }[] = [{ node: tree.rootNode, scope: -1 }];
    while (stack.length > 0) {
      const { node, scope: current } = stack.pop() as { node: Node; scope: number };
      let scope = current;
      if (node.type === 'function_definition' || node.type === 'class_definition') {
        facts.documentable++;
        if (hasDocstring(node)) facts.documented++;
        if (node.type === 'class_definition') facts.classes++;
        else {
          facts.complexities.push(1);
          scope = facts.complexities.length - 1;
        }
      } else if (DECISIONS.has(node.type)) {
        if (current >= 0) facts.complexities[current] = (facts.complexities[current] as number) + 1;
        else facts.topLevelDecisions++;
      }
      for (const child of node.namedChildren) if (child) stack.push({ node: child, scope });
    }
  } finally {
    tree.delete();
  }
  return summariseFunctions('python', facts);
}

function hasDocstring(definition: Node): boolean {
  const body = definition.childForFieldName('body');
  const first = body?.namedChildren.find((child) => child !== null && child.type !== 'comment');
  if (first?.type !== 'expression_statement') return false;
  const expression = first.namedChildren.filter((child) => child !== null);
  return (
    expression.length === 1 &&
    (expression[0]?.type === 'string' || expression[0]?.type === 'concatenated_string')
  );
}
