import { existsSync, statSync } from 'node:fs';

/**
 * Where `deja` loads its command line from, given dist/cli/'s URL: the bundle
 * in dist/bin/ (scripts/bundle-cli.mjs) when the build made it, unless tsc
 * compiled again after it (a watch build: the modules are newer); else the
 * modules next to main.js. Only Node built-ins here: it runs before anything else loads.
 */
export function cliModule(cliFolder: URL): string {
  const modules = new URL('run-cli.js', cliFolder).href;
  const bundle = new URL('../bin/run-cli.js', cliFolder);
  if (!existsSync(bundle)) return modules;
  const compiled = new URL('../.tsbuildinfo', cliFolder);
  const stale = existsSync(compiled) && statSync(compiled).mtimeMs > statSync(bundle).mtimeMs;
  return stale ? modules : bundle.href;
}
