import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe } from 'vitest';
import type { SimulatorRuntime } from '../../simulators/core/simulator-runtime.js';
import { simulatorRouter } from '../../simulators/transports/express.js';
import { simulatorHandlers } from '../../simulators/transports/msw.js';
import { serveNodeHttp } from '../../simulators/transports/node-http.js';

/**
 * Runs one contract suite on every transport (node:http, express, msw), like hono's runtime
 * tests: the same requests, the same expectations. Dialect suites use it too.
 */
export const TRANSPORTS = ['node-http', 'express', 'msw'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export interface Served {
  /** Base URL to put in front of simulator paths. */
  baseUrl: string;
  transport: TransportName;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any dialect's state
  runtime: SimulatorRuntime<any>;
}

async function serve(
  transport: TransportName,
  runtime: SimulatorRuntime<unknown>,
): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  if (transport === 'node-http') {
    const srv = await serveNodeHttp(runtime.handle);
    return { baseUrl: srv.url, close: () => srv.close() };
  }
  if (transport === 'express') {
    const app = express();
    app.use('/mounted/sim', simulatorRouter(runtime.handle));
    const server: Server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      baseUrl: `http://127.0.0.1:${port}/mounted/sim`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  const baseUrl = `https://${runtime.name}.sim.omnichaos.test/api`;
  const msw = setupServer(...simulatorHandlers(runtime.handle, { baseUrl }));
  msw.listen({ onUnhandledRequest: 'error' });
  return { baseUrl, close: async () => msw.close() };
}

/**
 * @example
 * describeOnEveryTransport('kv contract', () => makeRuntime(), (served) => {
 *   it('lists', async () => { const res = await fetch(served().baseUrl + '/v1/things') … });
 * });
 */
export function describeOnEveryTransport(
  title: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any dialect's state
  makeRuntime: () => SimulatorRuntime<any> | Promise<SimulatorRuntime<any>>,
  suite: (served: () => Served) => void,
): void {
  for (const transport of TRANSPORTS) {
    describe(`${title} [${transport}]`, () => {
      let current: Served | undefined;
      let close: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const runtime = await makeRuntime();
        const s = await serve(transport, runtime);
        close = s.close;
        current = { baseUrl: s.baseUrl, transport, runtime };
      });
      afterAll(async () => {
        current?.runtime.stop();
        await close?.();
      });
      suite(() => {
        if (!current) throw new Error('transport not started');
        return current;
      });
    });
  }
}
