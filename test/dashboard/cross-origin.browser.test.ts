import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDashboard } from '../../dashboard/index.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';
import { VirtualClock } from '../../simulators/core/clock.js';
import { haveChromium, launchChromium } from '../support/chromium.js';

/**
 * A web page on another origin (another port of 127.0.0.1 — "same site" for cookies) tries every
 * write a browser lets a page send without the server's consent: a text/plain or urlencoded form
 * POST, no-cors fetches (cookies included), a beacon, and CORS requests whose preflight we never
 * approve. None may add, change or clear a fault, or touch the clock — with or without --token,
 * and with the dashboard's cookie already set in that browser. Then a name rebound to 127.0.0.1
 * (Chromium's resolver rule stands in for DNS) reads nothing. The control plane's own page,
 * opened with ?token=, still injects and clears from its buttons.
 */

const TOKEN = 'csrf-test-secret';

// The tests' TypeScript has no DOM library: the little the attacks use in the page, spelled out.
interface FormLike {
  method: string;
  enctype: string;
  action: string;
  target: string;
  name: string;
  value: string;
  append(node: unknown): void;
  submit(): void;
}
declare const document: {
  createElement(tag: string): FormLike;
  body: { append(node: unknown): void };
};
declare const navigator: { sendBeacon(url: string, body: string): boolean };

async function serveAttacker(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>someone else</title><iframe name="sink"></iframe>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const FAULT = { id: 'evil', type: 'outage', match: { system: 'pos' }, window: { for: '10m' } };

/** Each attack runs in the attacker's page; the answer says how the browser let it end. */
const ATTACKS: { name: string; run: (page: Page, base: string) => Promise<unknown> }[] = [
  {
    name: 'form POST, enctype text/plain, body shaped as JSON',
    run: (page, base) =>
      page.evaluate(
        ([url, body]) => {
          const form = document.createElement('form');
          form.method = 'POST';
          form.enctype = 'text/plain';
          form.action = url!;
          form.target = 'sink';
          const input = document.createElement('input');
          input.name = body!.slice(0, -2) + ',"x":"';
          input.value = '"}';
          form.append(input);
          document.body.append(form);
          form.submit();
        },
        [`${base}/_omnichaos/faults`, JSON.stringify(FAULT)],
      ),
  },
  {
    name: 'form POST, urlencoded, to /clock',
    run: (page, base) =>
      page.evaluate((url) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = url;
        form.target = 'sink';
        const input = document.createElement('input');
        input.name = 'action';
        input.value = 'pause';
        form.append(input);
        document.body.append(form);
        form.submit();
      }, `${base}/_omnichaos/clock`),
  },
  {
    name: 'fetch no-cors, text/plain JSON, cookies included',
    run: (page, base) =>
      page.evaluate(
        ([url, body]) =>
          fetch(url!, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'text/plain' },
            body,
          }).then((r) => r.type),
        [`${base}/_omnichaos/faults`, JSON.stringify(FAULT)],
      ),
  },
  {
    name: 'fetch no-cors asking for application/json (the browser drops the header)',
    run: (page, base) =>
      page.evaluate(
        ([url, body]) =>
          fetch(url!, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body,
          }).then((r) => r.type),
        [`${base}/_omnichaos/faults`, JSON.stringify(FAULT)],
      ),
  },
  {
    name: 'sendBeacon, text/plain',
    run: (page, base) =>
      page.evaluate(
        ([url, body]) => navigator.sendBeacon(url!, body!),
        [`${base}/_omnichaos/faults`, JSON.stringify(FAULT)],
      ),
  },
  {
    name: 'fetch cors POST application/json (preflight)',
    run: (page, base) =>
      page.evaluate(
        ([url, body]) =>
          fetch(url!, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body,
          }).then(
            (r) => r.status,
            (e: Error) => e.name,
          ),
        [`${base}/_omnichaos/faults`, JSON.stringify(FAULT)],
      ),
  },
  {
    name: 'fetch cors PATCH of the existing fault (preflight)',
    run: (page, base) =>
      page.evaluate(
        (url) =>
          fetch(url, {
            method: 'PATCH',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ probability: 0.01 }),
          }).then(
            (r) => r.status,
            (e: Error) => e.name,
          ),
        `${base}/_omnichaos/faults/kept`,
      ),
  },
  {
    name: 'fetch no-cors PATCH / DELETE (not a simple method)',
    run: (page, base) =>
      page.evaluate(async (url) => {
        const out: string[] = [];
        for (const method of ['PATCH', 'DELETE'])
          out.push(
            await fetch(url, { method, mode: 'no-cors', credentials: 'include' }).then(
              (r) => r.type,
              (e: Error) => e.name,
            ),
          );
        return out;
      }, `${base}/_omnichaos/faults/kept`),
  },
  {
    name: 'fetch cors DELETE of every fault (preflight)',
    run: (page, base) =>
      page.evaluate(
        (url) =>
          fetch(url, { method: 'DELETE', credentials: 'include' }).then(
            (r) => r.status,
            (e: Error) => e.name,
          ),
        `${base}/_omnichaos/faults`,
      ),
  },
];

for (const token of [undefined, TOKEN]) {
  describe.skipIf(!haveChromium)(
    `a page on another origin against the control plane (${token ? 'with' : 'without'} --token)`,
    () => {
      let sims: StartedSimulators;
      let attacker: { server: Server; origin: string };
      const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const control = (path: string, init: RequestInit = {}) =>
        fetch(`${sims.controlUrl}/_omnichaos${path}`, {
          ...init,
          headers: { ...auth, 'content-type': 'application/json', ...init.headers },
        });
      const state = async () => {
        const faults = ((await (await control('/faults')).json()) as { faults: unknown[] }).faults;
        const clock = (await (await control('/clock')).json()) as { paused: boolean };
        return { faults, paused: clock.paused };
      };

      beforeAll(async () => {
        const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 1 });
        sims = await startSimulators({ seed: 3, port: 0, clock, controlToken: token });
        mountDashboard(sims);
        attacker = await serveAttacker();
      });
      afterAll(async () => {
        await sims.close();
        await new Promise((resolve) => attacker.server.close(resolve));
      });

      it('cannot add, change or clear a fault, nor pause the clock, by any means a page has', async () => {
        // A fault of ours, for the attacks that try to change or clear one.
        const kept = {
          id: 'kept',
          type: 'latency',
          match: { system: 'erp' },
          params: { ms: 5 },
          probability: 1,
        };
        expect(
          (await control('/faults', { method: 'POST', body: JSON.stringify(kept) })).status,
        ).toBe(201);
        const before = await state();
        expect(before.faults).toHaveLength(1);

        const browser = await launchChromium();
        try {
          const context = await browser.newContext();
          // The user opened the dashboard (with ?token= behind a token): the cookie is set.
          const dash = await context.newPage();
          const opened = await dash.goto(
            `${sims.controlUrl}/_omnichaos/dashboard${token ? `?token=${token}` : ''}`,
          );
          expect(opened?.status()).toBe(200);
          if (token)
            expect(
              (await context.cookies(`${sims.controlUrl}/_omnichaos/faults`)).map((c) => c.name),
            ).toContain('omnichaos_token');

          const page = await context.newPage();
          await page.goto(`${attacker.origin}/`);
          // Every request that reaches the control plane, with the status it got.
          const answered: { method: string; url: string; status: number }[] = [];
          page.on('response', (r) => {
            if (r.url().startsWith(sims.controlUrl))
              answered.push({ method: r.request().method(), url: r.url(), status: r.status() });
          });
          for (const attack of ATTACKS) {
            const result = await attack.run(page, sims.controlUrl);
            // let a submitted form's request land before looking
            await page.waitForLoadState('networkidle');
            expect(await state(), `${attack.name} → ${JSON.stringify(result)}`).toEqual(before);
          }
          // Requests did reach us (the forms, no-cors and beacons) and were refused, not lost.
          const writes = answered.filter((a) => a.method !== 'GET');
          expect(writes.length).toBeGreaterThan(3);
          for (const w of writes) expect([401, 403, 415], JSON.stringify(w)).toContain(w.status);
        } finally {
          await browser.close();
        }
        expect(await state()).toEqual(before);
      }, 60_000);

      it('gives a name rebound to 127.0.0.1 nothing from any route, credentials least of all', async () => {
        const port = new URL(sims.controlUrl).port;
        const secrets = Object.values(sims.endpoints().simulators).flatMap((s) =>
          Object.values(s.credentials),
        );
        expect(secrets.length).toBeGreaterThan(3);
        const browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
        try {
          const page = await browser.newPage();
          for (const path of [
            '/_omnichaos/endpoints',
            '/_omnichaos/dashboard',
            '/_omnichaos/health',
          ]) {
            const res = await page.goto(
              `http://evil.example:${port}${path}${token ? `?token=${token}` : ''}`,
            );
            expect(res?.status(), path).toBe(421);
            const text = await res!.text();
            for (const secret of secrets) expect(text).not.toContain(secret);
          }
        } finally {
          await browser.close();
        }
      }, 60_000);
    },
  );
}

describe.skipIf(!haveChromium)('the dashboard page behind --token', () => {
  it('opened with ?token= injects and clears a fault from its buttons, under its CSP', async () => {
    const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 1 });
    const sims = await startSimulators({ seed: 3, port: 0, clock, controlToken: TOKEN });
    mountDashboard(sims);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(msg.text());
      });
      const res = await page.goto(`${sims.controlUrl}/_omnichaos/dashboard?token=${TOKEN}`);
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await expect.poll(() => page.locator('#connection').textContent()).toContain('live');
      const faults = async () =>
        (
          (await (
            await fetch(`${sims.controlUrl}/_omnichaos/faults`, {
              headers: { authorization: `Bearer ${TOKEN}` },
            })
          ).json()) as { faults: { id: string }[] }
        ).faults.map((f) => f.id);
      await page.getByRole('button', { name: 'Inject ERP outage' }).click();
      await expect.poll(faults).toContain('live-erp-maintenance');
      await expect
        .poll(() => page.locator('#fault-list li[data-fault="live-erp-maintenance"]').count())
        .toBe(1);
      await page.getByRole('button', { name: 'Clear ERP outage' }).click();
      await expect.poll(faults).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await sims.close();
    }
  }, 60_000);
});
