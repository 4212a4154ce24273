#!/usr/bin/env node
/**
 * `deja`: runs the command line from the bundle the build makes of it
 * (dist/bin/: the code and its packages in a few files, ~130 ms faster to
 * start than ~1,200 modules), or from the modules when there is none (see cli-module.ts).
 */
import { cliModule } from './cli-module.js';

const { runCli } = (await import(cliModule(new URL('./', import.meta.url)))) as typeof import('./run-cli.js');
await runCli(process.argv);
