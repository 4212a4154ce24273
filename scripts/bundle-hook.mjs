// Bundles the hook child (dist/install/hook-runner.js and the ~180 modules it
// reaches) into one file, dist/install/hook-runner.bundle.js, which
// hook-entry.js loads when it exists. Loading one file instead of many takes
// ~60 ms off every hook (p95 268 → 205 ms in `npm run bench -- hook`).
// Packages stay external (node_modules, better-sqlite3's native addon). The
// bundle sits next to the modules it replaces' entry, in dist/install/: code
// in it that resolves paths from import.meta.url must not depend on its own
// folder (see hook.test.ts, which checks the bundle has no relative imports).
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/install/hook-runner.js'],
  outfile: 'dist/install/hook-runner.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
