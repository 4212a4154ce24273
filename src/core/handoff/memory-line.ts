import type { Memory } from '../types.js';

const MAX_CHARACTERS = 300;

/**
 * A memory as one line of a hand-off or welcome list: a learning's title
 * first, whitespace collapsed (insight blocks span lines), long text cut at a
 * word with an ellipsis.
 */
export function memoryLine(memory: Pick<Memory, 'content' | 'title'>): string {
  const text = memory.content.replace(/\s+/g, ' ').trim();
  const line = memory.title ? `${memory.title.replace(/\s+/g, ' ').trim()}: ${text}` : text;
  if (line.length <= MAX_CHARACTERS) return line;
  const cut = line.slice(0, MAX_CHARACTERS);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_CHARACTERS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
