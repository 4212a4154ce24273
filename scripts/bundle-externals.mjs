// What the bundles (bundle-cli.mjs, bundle-hook.mjs) share. Packages they leave to Node's own
// loading: native addons and packages that find files next to their own code
// (WebAssembly, workers), and the TypeScript compiler (large, used only for
// code metrics). Everything else is bundled.
import { rmSync } from 'node:fs';

export const EXTERNAL = [
  'better-sqlite3',
  'onnxruntime-node',
  '@huggingface/transformers',
  'web-tree-sitter',
  'tree-sitter-python',
  'typescript',
  'pg',
  'pg-native',
  'chokidar',
  'fsevents',
  'playwright-core',
];

/** Packages written as CommonJS call require(); an ES module has none of its own. */
export const REQUIRE_BANNER = {
  js: "import { createRequire as __dejaRequire } from 'node:module'; const require = __dejaRequire(import.meta.url);",
};

/** esbuild options of every bundle: ESM for Node 20, packages inside but the external ones. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  banner: REQUIRE_BANNER,
  logLevel: 'warning',
};

/**
 * Runs esbuild with these options into `outdir` or `outfile`, replacing what an earlier
 * build left there. A bundle only makes deja start faster — without one the entry points
 * load the modules tsc wrote — so a failure (esbuild's binary missing on an unusual
 * platform, say) removes what it wrote, warns and lets the build and `npm install`
 * succeed. test/e2e/cli-bundle.test.ts and hook.test.ts fail when a bundle is missing.
 */
export async function bundleOrWarn(what, options) {
  const output = options.outdir ?? options.outfile;
  rmSync(output, { recursive: true, force: true });
  try {
    const { build } = await import('esbuild');
    await build({ ...NODE_BUNDLE, ...options });
  } catch (error) {
    rmSync(output, { recursive: true, force: true });
    process.stderr.write(
      `deja build: ${what} not bundled (${error instanceof Error ? error.message : String(error)}); it runs from its modules, only slower to start\n`,
    );
  }
}
