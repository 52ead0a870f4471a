import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it); NNFT_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.NNFT_CHROMIUM ?? '/usr/bin/chromium';

/** Launches headless Chromium for tests; fails, never skips, when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser tests need it and do not skip. Install Debian's package ` +
        '(`apt-get install -y chromium`) or point NNFT_CHROMIUM at a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}
