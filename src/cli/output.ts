import pc from 'picocolors';

/** CLI output: results on stdout (one JSON document with --json), messages on stderr. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printError(message: string): void {
  process.stderr.write(`${pc.red('error')}: ${message}\n`);
}

export function printResult(json: boolean, structured: unknown, human: string): void {
  if (json) printJson(structured);
  else printText(human);
}

export const style = pc;
