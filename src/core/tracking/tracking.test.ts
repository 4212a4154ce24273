import { describe, expect, it } from 'vitest';
import { FileTouchCounter, filesInToolCallContent, projectRelativePath } from './files-touched.js';
import { detectInterruptions } from './interruptions.js';

describe('interruption detection', () => {
  it('finds gaps longer than the threshold inside each session only', () => {
    const times = [
      { sessionId: 'a', at: '2026-11-24T09:00:00Z' },
      { sessionId: 'a', at: '2026-11-24T09:30:00Z' }, // exactly 30: not longer
      { sessionId: 'a', at: '2026-11-24T10:15:00.000Z' }, // 45
      { sessionId: 'b', at: '2026-11-24T12:00:00Z' }, // another session: no gap across sessions
      { sessionId: 'b', at: '2026-11-24T12:31:30Z' }, // 31.5
    ];
    expect(detectInterruptions(times, 30)).toEqual([
      { sessionId: 'a', from: '2026-11-24T09:30:00.000Z', to: '2026-11-24T10:15:00.000Z', minutes: 45 },
      { sessionId: 'b', from: '2026-11-24T12:00:00.000Z', to: '2026-11-24T12:31:30.000Z', minutes: 31.5 },
    ]);
    expect(detectInterruptions(times, 40)).toHaveLength(1);
    expect(detectInterruptions([], 30)).toEqual([]);
  });
});

describe('files touched', () => {
  it('reads file keys from a tool call, whole or cut short', () => {
    expect(filesInToolCallContent('Edit {"file_path":"/r/src/a.ts","old_string":"x"}')).toEqual([
      '/r/src/a.ts',
    ]);
    expect(filesInToolCallContent('MultiRead {"paths":["a.ts","b.ts"]}')).toEqual(['a.ts', 'b.ts']);
    expect(filesInToolCallContent('Write {"file_path":"/r/b.py","content":"very long… [truncated')).toEqual([
      '/r/b.py',
    ]);
    expect(filesInToolCallContent('Bash {"command":"ls"}')).toEqual([]);
    expect(filesInToolCallContent('NoInput')).toEqual([]);
  });

  it('counts one file written two ways once, most touched first', () => {
    expect(projectRelativePath('/r/src/a.ts', '/r')).toBe('src/a.ts');
    expect(projectRelativePath('./src/a.ts', '/r')).toBe('src/a.ts');
    expect(projectRelativePath('/elsewhere/a.ts', '/r')).toBe('/elsewhere/a.ts');
    const counter = new FileTouchCounter('/r');
    counter.add(['/r/src/a.ts'], '2026-11-24T09:00:00Z');
    counter.add(['src/a.ts', 'src/a.ts', 'b.ts'], '2026-11-24T10:00:00.000Z');
    expect(counter.top(10)).toEqual([
      { path: 'src/a.ts', count: 2, lastAt: '2026-11-24T10:00:00.000Z' },
      { path: 'b.ts', count: 1, lastAt: '2026-11-24T10:00:00.000Z' },
    ]);
    expect(counter.size).toBe(2);
  });
});
