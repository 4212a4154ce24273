// Bundles the command line (dist/cli/run-cli.js, the modules it reaches and
// the packages they import) into dist/bin/, which dist/cli/main.js loads when
// it exists: a few files instead of ~1,200 modules takes ~130 ms off every
// start of `deja serve` and the CLI (decisions.md, "The CLI runs from a bundle").
// Code splitting keeps each command and every lazily imported part (HTTP,
// dashboard, LLM clients, embedders) in chunks of its own, loaded on use.
// Some packages stay external (bundle-externals.mjs). Paths the code takes
// from its own location go through src/package-root.ts, so they hold in the
// bundle too (test/e2e/cli-bundle.test.ts).
import { bundleOrWarn } from './bundle-externals.mjs';

await bundleOrWarn('the command line', {
  entryPoints: ['dist/cli/run-cli.js'],
  outdir: 'dist/bin',
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  splitting: true,
});
