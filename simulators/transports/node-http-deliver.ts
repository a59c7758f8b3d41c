import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Deliver } from '../core/outbox.js';

/**
 * Webhook deliveries over `node:http` with keep-alive agents — what `startSimulators` uses.
 * The global `fetch` (undici + web streams) spends about 1.5 ms of CPU per small POST here
 * (`npm run bench`, webhookDelivery); this does the same job for a fraction of that, so the
 * outbox keeps up with a webhook storm instead of becoming its bottleneck. msw intercepts
 * `node:http` as it does `fetch`, so in-process tests see no difference.
 *
 * @example createSimulatorRuntime(def, { world, clock, journal, deliver: nodeHttpDeliver })
 */
const agents = {
  http: new Agent({ keepAlive: true, maxSockets: 128 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 128 }),
};

export const nodeHttpDeliver: Deliver = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const req = (secure ? httpsRequest : request)(
      target,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        agent: secure ? agents.https : agents.http,
        signal: init.signal,
      },
      (res) => {
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.resume(); // drain so the socket goes back to the pool
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
