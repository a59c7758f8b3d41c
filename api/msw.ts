import type { HttpHandler } from 'msw';
import { accountHost } from '../simulators/erp/wire.js';
import { simulatorHandlers } from '../simulators/transports/msw.js';
import type { RunningSimulators, SystemName } from './simulators.js';

/**
 * `omnichaos/msw`: the simulators answering on the vendors' production hostnames inside your
 * test process, so the real SDKs keep their default base URLs. `msw` is an optional peer
 * dependency (`npm i -D msw`). See docs/package.md.
 */
export { simulatorHandlers, type MswOptions } from '../simulators/transports/msw.js';

/**
 * Where each vendor's production API lives:
 * - Square: `https://connect.squareup.com` (the Square SDK's `SquareEnvironment.Production`).
 * - Amazon SP-API: `https://sellingpartnerapi-{na,eu,fe}.amazon.com` (the regional hosts of the
 *   SP-API models), and Login with Amazon's token endpoint `https://api.amazon.com/auth/o2/token`
 *   (https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api).
 * - NetSuite: `https://<account>.suitetalk.api.netsuite.com` (account id lower-case, `_` → `-`),
 *   https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/subsect_161278579295.html
 * - ShipBob: `https://api.shipbob.com` (the `servers` of ShipBob's OpenAPI document).
 * With `sandbox: true`, the sandbox hosts instead: `connect.squareupsandbox.com`,
 * `sandbox.sellingpartnerapi-*.amazon.com`, `sandbox-api.shipbob.com` (a NetSuite sandbox is an
 * account of its own: its id, e.g. `123_SB1`, names the host).
 *
 * @example vendorBaseUrls(sims).erp // 'https://tstdrv1234567.suitetalk.api.netsuite.com'
 */
export function vendorBaseUrls(
  sims: Pick<RunningSimulators, 'credentials'>,
  options: { sandbox?: boolean } = {},
): Record<SystemName, string[]> {
  const sb = options.sandbox === true;
  const regions = ['na', 'eu', 'fe'];
  const account = sims.credentials.erp?.accountId;
  return {
    pos: [sb ? 'https://connect.squareupsandbox.com' : 'https://connect.squareup.com'],
    marketplace: [
      ...regions.map((r) => `https://${sb ? 'sandbox.' : ''}sellingpartnerapi-${r}.amazon.com`),
      // LWA has one host for production and sandbox apps alike.
      'https://api.amazon.com/auth/o2',
    ],
    erp: account ? [`https://${accountHost(account)}`] : [],
    wms: [sb ? 'https://sandbox-api.shipbob.com' : 'https://api.shipbob.com'],
  };
}

/**
 * msw handlers that serve every simulator on its vendor's real hostname (see `vendorBaseUrls`),
 * through the same pipeline as its port: faults added with `sims.faults.add()` apply. Requests
 * to other hosts are left to msw's `onUnhandledRequest`.
 *
 * Gaps of msw as a transport: a reset or refused connection becomes msw's one network error,
 * a truncated body arrives without the Content-Length lie (docs/package.md).
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { Simulators } from 'omnichaos';
 * import { vendorHandlers } from 'omnichaos/msw';
 * const sims = await new Simulators().withSeed(1).start();
 * const server = setupServer(...vendorHandlers(sims));
 * server.listen({ onUnhandledRequest: 'error' });
 * // new SquareClient({ token: sims.credentials.pos.accessToken }) now talks to the simulator
 */
export function vendorHandlers(
  sims: Pick<RunningSimulators, 'credentials' | 'runtime'>,
  options: { sandbox?: boolean; only?: SystemName[] } = {},
): HttpHandler[] {
  const bases = vendorBaseUrls(sims, options);
  const handlers: HttpHandler[] = [];
  for (const [name, urls] of Object.entries(bases) as Array<[SystemName, string[]]>) {
    if (options.only && !options.only.includes(name)) continue;
    const runtime = sims.runtime.simulators[name];
    if (!runtime) continue;
    const clock = sims.runtime.clock;
    for (const url of urls) {
      // LWA: only the token path, mounted at the simulator's own /auth/o2 routes.
      const prefixless = url.endsWith('/auth/o2');
      handlers.push(
        ...simulatorHandlers(
          prefixless
            ? (req) => {
                const { 'x-forwarded-prefix': _mount, ...headers } = req.headers;
                return runtime.handle({ ...req, headers, path: `/auth/o2${req.path}` });
              }
            : runtime.handle,
          { baseUrl: url, delay: (ms) => clock.delay(ms) },
        ),
      );
    }
  }
  return handlers;
}

/**
 * An `onUnhandledRequest` for `server.listen()`: requests to 127.0.0.1 / localhost pass (the
 * simulators' webhook deliveries to your receiver, their own ports), anything else unhandled is
 * an error, so no test reaches a real vendor by mistake.
 *
 * @example server.listen({ onUnhandledRequest: loopbackOrError })
 */
export function loopbackOrError(request: Request, print: { error(): void }): void {
  const host = new URL(request.url).hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return;
  print.error();
}
