#!/usr/bin/env node
/**
 * `deja`: runs the command line from the bundle the build makes of it
 * (dist/bin/: the code and its packages in a few files, ~130 ms faster to
 * start than ~1,200 modules), or from the modules when there is none.
 */
import { chooseBundle } from '../bundle-choice.js';

const code = chooseBundle(
  new URL('../bin/run-cli.js', import.meta.url),
  new URL('./run-cli.js', import.meta.url),
);
const { runCli } = (await import(code)) as typeof import('./run-cli.js');
await runCli(process.argv);
