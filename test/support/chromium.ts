import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (docs/development.md). In CI a missing browser fails the
 * suite (a green run that skipped the browser tests would hide a missing install step); locally
 * the tests are skipped with a reason.
 *
 * @example describe.skipIf(!haveChromium)('…', () => { const browser = await launchChromium(); … })
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(
    `Chromium not found at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`,
  );
if (!haveChromium)
  console.warn(
    `[browser tests] skipped: no Chromium at ${CHROMIUM}. To run them: apt-get install chromium (or set CHROMIUM_PATH to a Chromium binary).`,
  );

/**
 * Flags for a headless, offline, root-run Chromium (docs/development.md); launch() gives every
 * browser a fresh temporary profile. `extraArgs`: more switches, e.g.
 * `--host-resolver-rules=MAP evil.example 127.0.0.1` to point a foreign name at the loopback
 * address as DNS rebinding would.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...extraArgs,
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
