import { z } from 'zod';

type Issue = z.core.$ZodIssue | z.core.$ZodRawIssue;

/**
 * Says which rule a value broke, in words an assistant can act on
 * ("must be at most 500 (you sent 10000)"). The field name is added by the face.
 */
export function describeIssue(issue: Issue): string {
  const sent = 'input' in issue && issue.input !== undefined ? ` (you sent ${preview(issue.input)})` : '';
  switch (issue.code) {
    case 'invalid_type':
      if ('input' in issue && issue.input === undefined) return `is required (a ${issue.expected})`;
      return `must be a ${issue.expected}${sent}`;
    case 'too_big':
      return `must be ${bound('at most', issue.maximum, issue.origin, issue.inclusive !== false)}${sent}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `must be ${bound('at least', issue.minimum, issue.origin, issue.inclusive !== false)}${sent}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}${sent}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}${sent}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return `does not match any allowed form${sent}`;
    default:
      return issue.message ?? `is invalid${sent}`;
  }
}

function bound(word: string, limit: unknown, origin: string, inclusive: boolean): string {
  const n = typeof limit === 'bigint' ? Number(limit) : (limit as number);
  const phrase = inclusive ? `${word} ${n}` : `${word === 'at most' ? 'less than' : 'more than'} ${n}`;
  if (origin === 'string') return `${phrase} characters long`;
  if (origin === 'array' || origin === 'set') return `${phrase} items`;
  return phrase;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Formats a zod error as `field: rule` lines, for faces that validate themselves (the CLI). */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `\`${issue.path.join('.') || 'input'}\` ${describeIssue(issue)}`)
    .join('; ');
}

let installed = false;
/** Makes every zod message in this process use `describeIssue` (the MCP SDK adds "at <field>"). */
export function installValidationMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: (issue) => describeIssue(issue) });
}
