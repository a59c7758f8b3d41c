import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { haveChromium, launchChromium } from '../support/chromium.js';
import { freePort } from '../../runner/reference.js';
import { ROOT } from '../support/cli.js';
import { startUp } from '../support/up.js';
import { systemNames } from '../../simulators/index.js';

/**
 * The live dashboard in a real browser (docs/development.md: Debian's Chromium driven by playwright-core),
 * against `omnichaos up --demand` with the reference integration as the target, so the tiles
 * have real traffic to show. In CI a missing Chromium fails the suite; locally it is skipped.
 *
 * Screenshots land in test-output/dashboard/. `UPDATE_DOCS_IMAGES=1` also writes the docs'
 * docs/images/dashboard.png (1280×800, mid-run, ERP outage active).
 */

const SCENARIO = join(ROOT, 'test', 'fixtures', 'scenarios', 'dashboard-live.yaml');
const SHOTS = join(ROOT, 'test-output', 'dashboard');
const DOCS_IMAGE = join(ROOT, 'docs', 'images', 'dashboard.png');
const REFERENCE = join(ROOT, 'dist', 'examples', 'reference-integration', 'main.js');

/** The reference integration, wired to the simulators by their env vars (the target contract). */
async function startReference(controlUrl: string) {
  const { env } = (await (await fetch(`${controlUrl}/_omnichaos/endpoints`)).json()) as {
    env: Record<string, string>;
  };
  const port = await freePort();
  const child = spawn(process.execPath, [REFERENCE], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      STATE_DIR: mkdtempSync(join(tmpdir(), 'omnichaos-dashboard-')),
      POLL_MS: '250',
    },
    stdio: 'ignore',
  });
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status,
          () => 0,
        ),
      {
        timeout: 30_000,
      },
    )
    .toBe(200);
  return child;
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const tile = (page: Page, system: string) => page.locator(`article.tile[data-system="${system}"]`);
const number = (text: string | null) => Number.parseFloat(text ?? '0');

describe.skipIf(!haveChromium)('the live dashboard in headless Chromium', () => {
  it('shows live tiles, injects and clears an ERP outage from its button, and saves screenshots', async () => {
    expect(existsSync(REFERENCE), 'run "npm run build" first').toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    const up = await startUp(['--port', '0', '--scenario', SCENARIO, '--demand']);
    let target: ChildProcess | undefined;
    const browser = await launchChromium();
    try {
      target = await startReference(up.controlUrl);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(msg.text());
      });
      page.on('requestfailed', (req) => {
        // the event stream is cut when `up` stops at the end; anything else is a real failure
        if (!req.url().endsWith('/dashboard/events')) problems.push(`request failed: ${req.url()}`);
      });
      await page.goto(`${up.controlUrl}/`); // the control port's root leads to the dashboard

      // Live: connected, a tile per simulator, scenario time moving, traffic on the ERP tile.
      await expect.poll(() => page.locator('#connection').textContent()).toContain('live');
      expect(await page.locator('article.tile').count()).toBe(systemNames().length);
      expect(await page.locator('#scenario-name').textContent()).toContain('dashboard-live');
      const firstTime = await page.locator('#scenario-time').textContent();
      await expect.poll(() => page.locator('#scenario-time').textContent()).not.toBe(firstTime);
      await expect
        .poll(() => tile(page, 'erp').locator('[data-field="rps"]').textContent().then(number), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      expect(await tile(page, 'erp').getAttribute('data-health')).toBe('healthy');
      expect(await tile(page, 'erp').locator('.badge').textContent()).toContain('HEALTHY');
      expect(await page.locator('#chart-traffic canvas').count()).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#checks li').count()).toBeGreaterThan(10);
      await page.screenshot({ path: join(SHOTS, '01-running.png') });

      // "ERP outage": the tile goes DOWN, says so in words, and the fault is listed as active.
      const elapsed = async () =>
        ((await (await fetch(`${up.controlUrl}/_omnichaos/clock`)).json()) as { elapsedMs: number })
          .elapsedMs;
      const injectedAt = await elapsed();
      await page.getByRole('button', { name: 'Inject ERP outage' }).click();
      await expect.poll(() => tile(page, 'erp').getAttribute('data-health')).toBe('down');
      expect(await tile(page, 'erp').locator('.badge').textContent()).toContain('DOWN');
      expect(await tile(page, 'erp').locator('[data-field="faults"]').textContent()).toBe(
        'live-erp-maintenance',
      );
      const listed = page.locator('#fault-list li[data-fault="live-erp-maintenance"]');
      expect(await listed.getAttribute('data-state')).toBe('active');
      expect(await listed.textContent()).toContain('ACTIVE');
      expect(await tile(page, 'pos').getAttribute('data-health')).toBe('healthy');
      // the target keeps calling and gets 503s: the error figure and the timeline show them
      await expect
        .poll(() => tile(page, 'erp').locator('[data-field="errors"]').textContent().then(number), {
          timeout: 20_000,
        })
        .toBeGreaterThan(0);
      // a scenario minute of outage, so the timeline shows it (six wall seconds at speed 10)
      await expect.poll(elapsed, { timeout: 20_000 }).toBeGreaterThan(injectedAt + 60_000);
      expect(await tile(page, 'erp').getAttribute('data-health')).toBe('down');
      // the hatched stretch is named under the charts: id, type and kind
      await expect
        .poll(() => page.locator('#fault-legend').textContent())
        .toMatch(/live-erp-maintenance\S*: outage/);
      await page.screenshot({ path: join(SHOTS, '02-erp-outage.png') });
      if (process.env.UPDATE_DOCS_IMAGES) {
        mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
        copyFileSync(join(SHOTS, '02-erp-outage.png'), DOCS_IMAGE);
      }

      // Clear it: the fault leaves the list at once; the tile recovers once the 503s age out.
      await page.getByRole('button', { name: 'Clear ERP outage' }).click();
      await expect.poll(() => listed.count()).toBe(0);
      await expect
        .poll(() => tile(page, 'erp').getAttribute('data-health'), { timeout: 40_000 })
        .toBe('healthy');
      expect(await tile(page, 'erp').locator('.badge').textContent()).toContain('HEALTHY');
      await page.screenshot({ path: join(SHOTS, '03-recovered.png') });

      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await stop(target);
      await up.stop();
    }
  }, 150_000);

  it('behind --token: one visit with ?token= and the page, its stream and its buttons work', async () => {
    const up = await startUp(['--port', '0', '--token', 'dash-secret']);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const denied = await page.goto(`${up.controlUrl}/_omnichaos/dashboard`);
      expect(denied?.status()).toBe(401);

      await page.goto(`${up.controlUrl}/_omnichaos/dashboard?token=dash-secret`);
      await expect.poll(() => page.locator('#connection').textContent()).toContain('live');
      expect(await page.locator('article.tile').count()).toBe(systemNames().length);
      // a write from the page (cookie, not the query) goes through: a preset lands in the list
      await page.getByRole('button', { name: 'Inject ERP outage' }).click();
      await expect
        .poll(() => page.locator('#fault-list li[data-fault]').count())
        .toBeGreaterThan(0);
      // and the token is still required of anyone without the cookie
      expect((await fetch(`${up.controlUrl}/_omnichaos/faults`)).status).toBe(401);
    } finally {
      await browser.close();
      await up.stop();
    }
  }, 60_000);
});
