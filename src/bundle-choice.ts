import { existsSync, statSync } from 'node:fs';

/**
 * What an entry point loads: the bundle the build made of its modules (faster to
 * load: scripts/bundle-cli.mjs, bundle-hook.mjs) when it exists, unless tsc
 * compiled again after it (a watch build: the modules are newer; tsc's
 * .tsbuildinfo sits in dist/, one folder above every bundle); else the modules.
 * Only Node built-ins here: it runs before anything else loads.
 */
export function chooseBundle(bundle: URL, modules: URL): string {
  if (!existsSync(bundle)) return modules.href;
  const compiled = new URL('../.tsbuildinfo', bundle);
  const stale = existsSync(compiled) && statSync(compiled).mtimeMs > statSync(bundle).mtimeMs;
  return stale ? modules.href : bundle.href;
}
