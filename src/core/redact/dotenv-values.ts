/**
 * `.env` contents: two or more `NAME=value` lines together (blank and `#`
 * comment lines may sit between them) are a block of environment settings,
 * whatever the names say — a `.env` file printed by `cat`, read by an
 * assistant's file tool (line numbers in front are allowed) or pasted into a
 * chat. Every value of such a block is replaced; the names stay, so the text
 * still says which settings exist. A single `NAME=value` line in prose or code
 * is left to the named-secret pattern, which knows `API_KEY=` from `PORT=`.
 */

/** An optional line number as file tools and `cat -n` print them (`  12→`, `12\t`, `12: `). */
const LINE_NUMBER = '[ \\t]*(?:\\d+(?:→|\\t|:[ ]?)[ \\t]*)?';
/** `NAME=` (upper-case name, optionally after `export`), then the rest of the line. */
const SETTING = new RegExp(`^(${LINE_NUMBER}(?:export[ \\t]+)?[A-Z_][A-Z0-9_]*[ \\t]?=[ \\t]?)(.*)$`);
const FILLER = new RegExp(`^${LINE_NUMBER}(?:#.*)?$`);
const ANY_SETTING = new RegExp(`^${LINE_NUMBER}(?:export[ \\t]+)?[A-Z_][A-Z0-9_]*[ \\t]?=`, 'm');

/** True for a text that may hold a block (a cheap test before the line scan). */
export function mightHoldDotenv(text: string): boolean {
  return text.includes('=') && ANY_SETTING.test(text);
}

interface Setting {
  /** Everything before the value: line number, `export`, the name and `=`. */
  head: string;
  quote: string;
  value: string;
  /** What follows the value: its closing quote and an inline comment, if any. */
  tail: string;
}

function parseSetting(line: string): Setting | null {
  const match = SETTING.exec(line);
  if (!match) return null;
  const [, head = '', rest = ''] = match;
  const quote = rest[0] === '"' || rest[0] === "'" ? rest[0] : '';
  if (quote) {
    const close = rest.indexOf(quote, 1);
    if (close < 0) return { head, quote: '', value: rest.trimEnd(), tail: '' };
    return { head, quote, value: rest.slice(1, close), tail: rest.slice(close) };
  }
  const comment = /[ \t]#/.exec(rest);
  const value = (comment ? rest.slice(0, comment.index) : rest).trimEnd();
  return { head, quote: '', value, tail: rest.slice(value.length) };
}

/**
 * Replaces the values of every `.env` block with `placeholder`, except values
 * `keep` accepts (`${VAR}` references, numbers, booleans, placeholders);
 * returns the text and how many values were replaced.
 */
export function redactDotenvValues(
  text: string,
  placeholder: string,
  keep: (value: string) => boolean,
): { text: string; count: number } {
  const lines = text.split('\n');
  const bodies = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const settings = bodies.map(parseSetting);
  let count = 0;
  let start = 0;
  while (start < lines.length) {
    if (!settings[start]) {
      start++;
      continue;
    }
    // A block: settings, with blank or comment lines between them.
    let end = start;
    let found = 0;
    for (let next = start; next < lines.length; next++) {
      if (settings[next]) {
        found++;
        end = next;
      } else if (!FILLER.test(bodies[next] as string)) break;
    }
    if (found >= 2) {
      for (let i = start; i <= end; i++) {
        const setting = settings[i];
        if (!setting || setting.value.length === 0 || keep(setting.value)) continue;
        const cr = (lines[i] as string).endsWith('\r') ? '\r' : '';
        lines[i] = `${setting.head}${setting.quote}${placeholder}${setting.tail}${cr}`;
        count++;
      }
    }
    start = end + 1;
  }
  return count === 0 ? { text, count } : { text: lines.join('\n'), count };
}
