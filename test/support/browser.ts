import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium (never a downloaded browser). */
export const CHROMIUM_PATH =
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)) ?? null;

/** The flags of DESIGN.md §6: headless, sandbox-less, nothing that talks to the network by itself. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh chromium profile driven by playwright-core; close the context to end the browser. */
export async function launchChromium(): Promise<BrowserContext> {
  if (!CHROMIUM_PATH) throw new Error('chromium is not installed: apt-get install -y chromium');
  const profile = mkdtempSync(join(tmpdir(), 'deja-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
}
