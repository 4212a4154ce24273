import { describe, expect, it } from 'vitest';
import {
  isEmptyDocument,
  JsonShapeError,
  putElement,
  removeElement,
  removeMember,
  restoreMemberText,
  setMember,
  valueAt,
} from './json-edits.js';
import { JsoncSyntaxError, jsonEqual, parseJsonc, toValue } from './jsonc.js';

const DEJA = { command: '/usr/bin/node', args: ['/opt/deja/dist/cli/main.js', 'serve'] };
const HOOK = { hooks: [{ type: 'command', command: 'deja hook session-start', timeout: 10 }] };

/** Real-world shapes: comments, trailing commas, tabs, CRLF, one-liners, empty containers. */
const FIXTURES: Record<string, string> = {
  empty: '',
  emptyObject: '{}',
  emptyObjectNewline: '{}\n',
  twoSpaces: '{\n  "mcpServers": {\n    "other": {\n      "command": "x"\n    }\n  }\n}\n',
  noContainer: '{\n  "theme": "dark",\n  "numStartups": 3\n}\n',
  emptyContainer: '{\n  "mcpServers": {}\n}\n',
  oneLine: '{"mcpServers": {"other": {"command": "x"}}}',
  oneLineNoContainer: '{"a": 1}',
  tabs: '{\n\t"mcpServers": {\n\t\t"other": {\n\t\t\t"command": "x"\n\t\t}\n\t}\n}\n',
  crlf: '{\r\n  "mcpServers": {\r\n    "other": {\r\n      "command": "x"\r\n    }\r\n  }\r\n}\r\n',
  fourSpaces:
    '{\n    "servers": {\n        "other": {"type": "stdio", "command": "x"}\n    },\n    "inputs": []\n}',
  jsoncComments: [
    '// VS Code MCP servers',
    '{',
    '  /* block comment */',
    '  "servers": {',
    '    // my server',
    '    "other": {',
    '      "type": "stdio", // inline',
    '      "command": "x"',
    '    } // after the value',
    '  },',
    '  "inputs": [],',
    '}',
    '',
  ].join('\n'),
  trailingComma: '{\n  "mcpServers": {\n    "other": { "command": "x" },\n  },\n}\n',
  commentOnlyContainer: '{\n  "mcpServers": {\n    // nothing yet\n  }\n}\n',
  bom: '\ufeff{\n  "mcpServers": {\n    "other": { "command": "x" }\n  }\n}\n',
};

describe('parseJsonc', () => {
  it('reads JSON with comments and trailing commas like JSON.parse reads plain JSON', () => {
    const text = '{ "a": [1, 2,], // c\n /* d */ "b": {"c": "x\\ny", "d": null, "e": true, "f": -1.5e3}, }';
    expect(toValue(parseJsonc(text))).toEqual({ a: [1, 2], b: { c: 'x\ny', d: null, e: true, f: -1500 } });
  });

  it('names the line and column of a syntax error', () => {
    expect(() => parseJsonc('{\n  "a": 1\n  "b": 2\n}')).toThrow(/expected , or \} at line 3, column 3/);
    expect(() => parseJsonc('{"a": }')).toThrow(JsoncSyntaxError);
    expect(() => parseJsonc('{"a": 1')).toThrow(/unterminated object/);
    expect(() => parseJsonc('{"a": "b}')).toThrow(/unterminated string/);
    expect(() => parseJsonc('{} {}')).toThrow(/after the end/);
    expect(() => parseJsonc('/* x')).toThrow(/unterminated \/\* comment/);
  });

  it('compares values regardless of key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe('setMember / removeMember', () => {
  for (const [name, original] of Object.entries(FIXTURES)) {
    it(`adds deja and removes it again, leaving "${name}" byte-identical`, () => {
      const container = name === 'fourSpaces' || name === 'jsoncComments' ? ['servers'] : ['mcpServers'];
      const added = setMember(original, container, 'deja', DEJA);
      const before = original.trim() === '' ? {} : toValue(parseJsonc(original));
      // Only deja changed: everything else parses to the same value.
      const after = toValue(parseJsonc(added.text)) as Record<string, Record<string, unknown>>;
      expect(after[container[0] as string]?.deja).toEqual(DEJA);
      const stripped = structuredClone(after);
      delete stripped[container[0] as string]?.deja;
      if (added.createdFrom === 0) delete stripped[container[0] as string];
      expect(stripped).toEqual(before);

      const removed = removeMember(added.text, container, 'deja', added.createdFrom);
      if (original.trim() === '' || original === '{}') expect(isEmptyDocument(removed)).toBe(true);
      else expect(removed).toBe(original);
    });
  }

  it('lays the new member out like its neighbours', () => {
    const added = setMember(FIXTURES.twoSpaces as string, ['mcpServers'], 'deja', DEJA).text;
    expect(added).toBe(
      [
        '{',
        '  "mcpServers": {',
        '    "other": {',
        '      "command": "x"',
        '    },',
        '    "deja": {',
        '      "command": "/usr/bin/node",',
        '      "args": [',
        '        "/opt/deja/dist/cli/main.js",',
        '        "serve"',
        '      ]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(setMember(FIXTURES.oneLine as string, ['mcpServers'], 'deja', { command: 'n' }).text).toBe(
      '{"mcpServers": {"other": {"command": "x"}, "deja": {"command":"n"}}}',
    );
    const crlf = setMember(FIXTURES.crlf as string, ['mcpServers'], 'deja', DEJA).text;
    expect(crlf.replaceAll('\r\n', '')).not.toContain('\n');
    const tabs = setMember(FIXTURES.tabs as string, ['mcpServers'], 'deja', DEJA).text;
    expect(tabs).toContain('\n\t\t"deja": {\n\t\t\t"command"');
  });

  it('keeps a comment after the last member on its line', () => {
    const text = '{\n  "a": 1 // note\n}\n';
    const added = setMember(text, [], 'deja', 2);
    expect(added.text).toBe('{\n  "a": 1, // note\n  "deja": 2\n}\n');
    expect(removeMember(added.text, [], 'deja', added.createdFrom)).toBe(text);
  });

  it('creates a new file from nothing, nested containers included', () => {
    const added = setMember('', ['a', 'b'], 'deja', { x: 1 });
    expect(added.createdFrom).toBe(0);
    expect(JSON.parse(added.text)).toEqual({ a: { b: { deja: { x: 1 } } } });
    expect(isEmptyDocument(removeMember(added.text, ['a', 'b'], 'deja', 0))).toBe(true);
  });

  it('replaces an existing entry in place and can put the old text back', () => {
    const text = '{\n  "mcpServers": {\n    "deja": { "command": "old" }, // mine\n    "z": {}\n  }\n}\n';
    const replaced = setMember(text, ['mcpServers'], 'deja', { command: 'new' });
    expect(replaced.previousRaw).toBe('{ "command": "old" }');
    expect(replaced.text).toBe(
      '{\n  "mcpServers": {\n    "deja": {"command":"new"}, // mine\n    "z": {}\n  }\n}\n',
    );
    expect(restoreMemberText(replaced.text, ['mcpServers'], 'deja', replaced.previousRaw as string)).toBe(
      text,
    );
    // Setting the same value again changes nothing.
    expect(setMember(replaced.text, ['mcpServers'], 'deja', { command: 'new' }).text).toBe(replaced.text);
  });

  it('removes a member that is not the last, with its line', () => {
    const text = '{\n  "deja": 1,\n  "b": 2\n}\n';
    expect(removeMember(text, [], 'deja', 0)).toBe('{\n  "b": 2\n}\n');
    expect(removeMember('{"deja": 1, "b": 2}', [], 'deja', 0)).toBe('{"b": 2}');
    expect(removeMember('{"a": 0, "deja": 1, "b": 2}', [], 'deja', 0)).toBe('{"a": 0, "b": 2}');
    expect(removeMember('{"a": 0}', [], 'deja', 0)).toBe('{"a": 0}');
  });

  it('leaves containers it did not create, even when empty', () => {
    const added = setMember(FIXTURES.emptyContainer as string, ['mcpServers'], 'deja', DEJA);
    expect(added.createdFrom).toBe(1);
    expect(removeMember(added.text, ['mcpServers'], 'deja', added.createdFrom)).toBe(FIXTURES.emptyContainer);
  });

  it('refuses a path through something that is not an object', () => {
    expect(() => setMember('{"mcpServers": []}', ['mcpServers'], 'deja', 1)).toThrow(JsonShapeError);
    expect(() => setMember('[1]', ['mcpServers'], 'deja', 1)).toThrow(/top level must be an object/);
    expect(() => setMember('{"a": "x"}', ['a', 'b'], 'deja', 1)).toThrow(/a must be an object/);
  });
});

describe('putElement / removeElement', () => {
  const settings = [
    '{',
    '  "model": "opus",',
    '  "hooks": {',
    '    "SessionStart": [',
    '      {',
    '        "matcher": "startup",',
    '        "hooks": [{ "type": "command", "command": "echo hi" }]',
    '      }',
    '    ]',
    '  }',
    '}',
    '',
  ].join('\n');

  it('appends a hook group next to the user’s and removes exactly it', () => {
    const added = putElement(settings, ['hooks', 'SessionStart'], HOOK);
    expect(added.createdFrom).toBe(2);
    expect(valueAt(added.text, ['hooks', 'SessionStart'])).toEqual([
      { matcher: 'startup', hooks: [{ type: 'command', command: 'echo hi' }] },
      HOOK,
    ]);
    const removed = removeElement(added.text, ['hooks', 'SessionStart'], (v) => jsonEqual(v, HOOK), 2);
    expect(removed).toEqual({ text: settings, removed: true });
  });

  it('creates the event array, then the hooks object, and prunes them on removal', () => {
    let text = settings;
    const created: Record<string, number> = {};
    for (const event of ['PreCompact', 'SessionEnd']) {
      const result = putElement(text, ['hooks', event], HOOK);
      created[event] = result.createdFrom;
      text = result.text;
    }
    expect(created).toEqual({ PreCompact: 1, SessionEnd: 1 });
    for (const event of ['SessionEnd', 'PreCompact']) {
      text = removeElement(text, ['hooks', event], (v) => jsonEqual(v, HOOK), created[event] as number).text;
    }
    expect(text).toBe(settings);

    const fresh = putElement('{\n  "model": "opus"\n}\n', ['hooks', 'Stop'], HOOK);
    expect(fresh.createdFrom).toBe(0);
    expect(removeElement(fresh.text, ['hooks', 'Stop'], () => true, 0).text).toBe(
      '{\n  "model": "opus"\n}\n',
    );
  });

  it('does not add an equal element twice, and replaces a matching one in place', () => {
    const once = putElement(settings, ['hooks', 'SessionStart'], HOOK).text;
    expect(putElement(once, ['hooks', 'SessionStart'], HOOK)).toMatchObject({
      text: once,
      alreadyPresent: true,
    });
    const updated = { hooks: [{ type: 'command', command: 'deja hook session-start', timeout: 20 }] };
    const replaced = putElement(once, ['hooks', 'SessionStart'], updated, (v) => jsonEqual(v, HOOK)).text;
    expect((valueAt(replaced, ['hooks', 'SessionStart']) as unknown[]).at(-1)).toEqual(updated);
    expect((valueAt(replaced, ['hooks', 'SessionStart']) as unknown[]).length).toBe(2);
  });

  it('handles an empty array and one-line arrays', () => {
    const empty = '{"hooks": {"Stop": []}}';
    const added = putElement(empty, ['hooks', 'Stop'], 1);
    expect(added.text).toBe('{"hooks": {"Stop": [\n  1\n]}}');
    expect(removeElement(added.text, ['hooks', 'Stop'], (v) => v === 1, added.createdFrom).text).toBe(empty);
    const inline = '{"a": [1, 2]}';
    const appended = putElement(inline, ['a'], 3).text;
    expect(appended).toBe('{"a": [1, 2, 3]}');
    expect(removeElement(appended, ['a'], (v) => v === 3, 1).text).toBe(inline);
    expect(removeElement(inline, ['a'], (v) => v === 1, 1).text).toBe('{"a": [2]}');
    expect(removeElement(inline, ['a'], (v) => v === 9, 1)).toEqual({ text: inline, removed: false });
  });

  it('refuses an event key that is not an array', () => {
    expect(() => putElement('{"hooks": {"Stop": {}}}', ['hooks', 'Stop'], 1)).toThrow(
      /hooks.Stop must be an array/,
    );
  });
});
