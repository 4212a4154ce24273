import { describe, expect, it } from 'vitest';
import { normaliseOperation, operationMatches } from './operation.js';

describe('operationMatches', () => {
  it.each([
    ['command:npm test', 'command:npm test', true],
    ['command:npm test', 'command:npm  test ', true],
    ['command:npm test', 'command:npm test -- --watch', false],
    ['command:npm *', 'command:npm test', true],
    ['command:npm *', 'command:npm run build', true],
    ['command:npm *', 'command:npx vitest', false],
    ['command:npm *', 'command:npm', false],
    ['command:npm*', 'command:npm', true],
    ['command:*', 'command:rm -rf /tmp/x', true],
    ['command:*', 'git:commit', false],
    ['command:pytest ?', 'command:pytest x', true],
    ['command:pytest ?', 'command:pytest xy', false],
    ['command:make (all)', 'command:make (all)', true],
    ['command:a.b', 'command:axb', false],
    ['command:git log *', 'command:git log --oneline', true],
    ['git:commit', 'git:commit', true],
    ['git:commit', 'git:push', false],
    ['git:*', 'git:push', true],
    ['GIT:commit', 'git:commit', true],
    ['tool:quality_run', 'tool:quality_run', true],
    ['tool:quality_*', 'tool:quality_report', true],
    ['tool:quality_run', 'tool:Quality_run', false],
    ['command:npm test', 'npm test', false],
    ['', 'command:npm test', false],
  ])('%j covers %j: %s', (pattern, operation, expected) => {
    expect(operationMatches(pattern, operation)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['npm test', /has no kind/],
    ['shell:ls', /kind "shell" is unknown/],
    ['command:', /names no command/],
    [`command:${'x'.repeat(1001)}`, /longer than 1000/],
  ])('rejects %j', (operation, message) => {
    expect(() => normaliseOperation(operation)).toThrow(message);
  });
});
