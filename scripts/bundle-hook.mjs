// Bundles the hook child (dist/install/hook-runner.js, the modules it reaches
// and the packages they import) into one file, dist/install/hook-runner.bundle.js,
// which hook-entry.js loads when it exists. Loading one file instead of
// hundreds of modules takes ~60 ms off every hook (p95 268 → 205 ms in
// `npm run bench -- hook` with our modules alone). Some packages stay external
// (bundle-externals.mjs). The bundle sits next to the modules it replaces'
// entry, in dist/install/: paths taken from a module's own location go through
// src/package-root.ts (hook.test.ts checks the bundle has no relative imports).
import { bundleOrWarn } from './bundle-externals.mjs';

await bundleOrWarn('the hook child', {
  entryPoints: ['dist/install/hook-runner.js'],
  outfile: 'dist/install/hook-runner.bundle.js',
});
