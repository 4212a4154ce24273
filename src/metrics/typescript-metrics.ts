import type TS from 'typescript';
import { countLines, type FunctionFacts, summariseFunctions } from '../core/tracking/summarise-functions.js';
import type { FileMeasurement } from '../core/tracking/tracking-types.js';

type TypeScript = typeof TS;

let loaded: Promise<TypeScript> | null = null;
/** The compiler is large (~9 MB of JavaScript): loaded on the first measurement, not at start. */
function typescript(): Promise<TypeScript> {
  loaded ??= import('typescript').then((module) => module.default);
  return loaded;
}

/**
 * Measures a TypeScript or JavaScript file with the TypeScript compiler's parser.
 *
 * - Functions: declarations, methods, constructors, accessors, function expressions and
 *   arrow functions that have a body (overload signatures and abstract methods do not).
 * - Complexity of a function: 1 + each `if`, `?:`, `for`, `for…in`, `for…of`, `while`,
 *   `do…while`, `case` (not `default`), `catch`, and each `&&`, `||`, `??` (and their
 *   assignment forms) in its own body; a nested function counts for itself, not its parent.
 *   Decision points outside every function add to the file total only.
 * - Documentable: function declarations, classes, methods, accessors, and variables or
 *   class properties initialised with a function or class; documented when a `/** … *\/`
 *   comment stands right before it (before its `const` statement for a variable).
 */
export async function measureTypeScript(
  fileName: string,
  text: string,
  language: 'typescript' | 'javascript',
): Promise<FileMeasurement> {
  const ts = await typescript();
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(ts, fileName));
  const facts: FunctionFacts = {
    complexities: [],
    topLevelDecisions: 0,
    classes: 0,
    documentable: 0,
    documented: 0,
    lines: countLines(text),
  };
  const hasDoc = (node: TS.Node) =>
    (ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []).some(
      (range) => range.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', range.pos),
    );
  const documentable = (node: TS.Node) => {
    facts.documentable++;
    if (hasDoc(node)) facts.documented++;
  };

  const visit = (node: TS.Node, current: number) => {
    let scope = current;
    if (isFunctionWithBody(ts, node)) {
      facts.complexities.push(1);
      scope = facts.complexities.length - 1;
    } else if (isDecision(ts, node)) {
      if (current >= 0) facts.complexities[current] = (facts.complexities[current] as number) + 1;
      else facts.topLevelDecisions++;
    }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) facts.classes++;
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      (ts.isMethodDeclaration(node) && node.body !== undefined) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      documentable(node);
    } else if (ts.isVariableDeclaration(node) && holdsFunction(ts, node.initializer)) {
      const statement = node.parent.parent;
      documentable(ts.isVariableStatement(statement) ? statement : node);
    } else if (ts.isPropertyDeclaration(node) && holdsFunction(ts, node.initializer)) {
      documentable(node);
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  ts.forEachChild(source, (child) => visit(child, -1));
  return summariseFunctions(language, facts);
}

function scriptKind(ts: TypeScript, fileName: string): TS.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(lower)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function isFunctionWithBody(ts: TypeScript, node: TS.Node): boolean {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node)) &&
    node.body !== undefined
  );
}

function isDecision(ts: TypeScript, node: TS.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.IfStatement:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.DoStatement:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.CatchClause:
      return true;
    case ts.SyntaxKind.BinaryExpression: {
      const operator = (node as TS.BinaryExpression).operatorToken.kind;
      return (
        operator === ts.SyntaxKind.AmpersandAmpersandToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
        operator === ts.SyntaxKind.BarBarEqualsToken ||
        operator === ts.SyntaxKind.QuestionQuestionEqualsToken
      );
    }
    default:
      return false;
  }
}

function holdsFunction(ts: TypeScript, initializer: TS.Expression | undefined): boolean {
  if (!initializer) return false;
  let expression = initializer;
  while (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) {
    expression = expression.expression;
  }
  return (
    ts.isArrowFunction(expression) || ts.isFunctionExpression(expression) || ts.isClassExpression(expression)
  );
}
