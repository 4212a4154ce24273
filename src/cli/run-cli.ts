import { buildProgram } from './program.js';

/** Runs the command line: what `deja …` does once its code is loaded (bundled or not, see main.ts). */
export async function runCli(argv: readonly string[]): Promise<void> {
  await (await buildProgram(argv.slice(2))).parseAsync([...argv]);
}
