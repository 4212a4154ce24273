import { fileURLToPath } from 'node:url';

/** The built CLI that e2e tests run as a real child process. */
export const DEJA_BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
