import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDashboard } from '../../dashboard/index.js';
import { compilePlan, mountPlan } from '../../runner/plan.js';
import { startSimulators, type StartedSimulators } from '../../runtime/start-simulators.js';
import { VirtualClock } from '../../simulators/core/clock.js';

/**
 * The control plane's guards over real sockets, on the control port and on every simulator port
 * (each answers /_omnichaos/* too): a foreign Host gets nothing from any route, the body cap is a
 * 413 that names it, and a body that would blow the stack is a 4xx that does not say so.
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http, because fetch will not send a Host of our choosing. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A length of our own: node sends a DELETE's body unframed otherwise.
    const headers = { ...options.headers };
    if (options.body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request(url, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

for (const token of [undefined, 'guard-secret']) {
  describe(`control routes ${token ? 'with' : 'without'} --token`, () => {
    let sims: StartedSimulators;
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

    beforeAll(async () => {
      const clock = new VirtualClock({ startMs: Date.UTC(2026, 10, 27), speed: 1 });
      sims = await startSimulators({ seed: 11, port: 0, clock, controlToken: token });
      mountPlan(sims.controlPlane, () =>
        compilePlan(undefined, sims.endpoints(), {
          driver: 'external',
          startMs: sims.startMs,
          seed: 11,
          speed: 1,
        }),
      );
      mountDashboard(sims);
    });
    afterAll(() => sims.close());

    it('answer a Host of evil.example with 421 and no credential, on every route and port', async () => {
      const listing = await send(`${sims.controlUrl}/_omnichaos/no-such-route`, { headers: auth });
      expect(listing.status).toBe(404);
      const routes = (JSON.parse(listing.text) as { routes: string[] }).routes;
      expect(routes).toContain('GET /_omnichaos/endpoints');
      expect(routes.length).toBeGreaterThan(15);
      const secrets = Object.values(sims.endpoints().simulators).flatMap((s) =>
        Object.values(s.credentials).filter((v) => v.length >= 8),
      );
      expect(secrets.length).toBeGreaterThan(3);
      // the credential is really there for the right Host: the check below is not vacuous
      const own = await send(`${sims.controlUrl}/_omnichaos/endpoints`, { headers: auth });
      expect(own.status).toBe(200);
      expect(secrets.some((s) => own.text.includes(s))).toBe(true);

      const bases = [sims.controlUrl, ...Object.values(sims.urls)];
      let tried = 0;
      for (const base of bases) {
        const port = new URL(base).port;
        for (const route of routes) {
          const [method, pattern] = route.split(' ') as [string, string];
          const path = pattern.replace(/:[a-z]+/gi, 'x') + (token ? `?token=${token}` : '');
          for (const host of ['evil.example', `evil.example:${port}`]) {
            const res = await send(`${base}${path}`, {
              method,
              headers: { ...auth, host, 'content-type': 'application/json' },
              body: method === 'GET' ? undefined : '{}',
            });
            tried++;
            expect(res.status, `${host} ${route} on ${base}`).toBe(421);
            expect(res.headers['set-cookie']).toBeUndefined();
            for (const secret of secrets) expect(res.text).not.toContain(secret);
          }
        }
      }
      expect(tried).toBe(bases.length * routes.length * 2);
    });

    it('answer a body over the cap with 413 and the cap, on the control and a simulator port', async () => {
      const body = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
      for (const base of [sims.controlUrl, sims.urls.pos!]) {
        const res = await send(`${base}/_omnichaos/faults`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        });
        expect(res.status, base).toBe(413);
        expect(JSON.parse(res.text)).toMatchObject({ limitBytes: 5 * 1024 * 1024 });
        expect(res.text).toContain('5 MiB');
      }
    });

    it('answer a body nested past reason with a 400 that echoes no internal message', async () => {
      for (const depth of [100, 200_000]) {
        const body = '['.repeat(depth) + ']'.repeat(depth);
        for (const [method, path] of [
          ['POST', '/faults'],
          ['POST', '/clock'],
        ] as const) {
          const res = await send(`${sims.controlUrl}/_omnichaos${path}`, {
            method,
            headers: { ...auth, 'content-type': 'application/json' },
            body,
          });
          expect(res.status, `${depth} ${path}`).toBe(400);
          expect(res.text).not.toMatch(/call stack|RangeError|at \w+ \(/);
        }
      }
      expect(sims.journal.query({ type: 'control:error' })).toEqual([]);
    });
  });
}
