/**
 * Browser tests drive Debian's chromium through playwright-core; no browser is ever downloaded.
 * Each launch gets a fresh profile in a temporary directory, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where chromium is looked for: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests can run here. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Why the browser tests did not run, for the message printed when they are skipped. */
export const MISSING_CHROMIUM = `chromium not found at ${CHROMIUM_PATH}: browser tests skipped (install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH)`;

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless chromium with a fresh profile. */
export async function launchBrowser(viewport = { width: 1440, height: 1000 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'pillar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
