/**
 * Memory under a long write load (docs/performance.md): the simulators as `omnichaos up` starts
 * them (bench/memory-server.ts, its own process on core 0, default heap), `rate` writes/s for
 * `seconds`, RSS read from /proc every 5 s (no forced GC: what an operator would see).
 *
 * The writes are mixed over three systems and touch a fixed set of objects, so that what stays is
 * what leaks per request, not the state the writes make (the memory bench measures that, per
 * order):
 *   - 40% Square CreateOrder under 2,000 idempotency keys (each key's first call creates the
 *     order, later ones are answered from the idempotency store);
 *   - 30% SP-API patchListingsItem, the quantity of one of 200 SKUs;
 *   - 30% NetSuite customer upserts (`PUT …/customer/eid:SOAK-<k>`, 1,000 external ids).
 * Flat: the least-squares RSS slope after the first minute, times the minutes after it, is at most
 * 10% of the RSS at the first minute (or 10 MB).
 *   node dist/bench/write-soak.js [seconds] [rate]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lwaAccessToken, MB, MemoryServer, round1, send, type Ready } from './memory-client.js';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface WriteSoakResult {
  seconds: number;
  targetPerSec: number;
  sent: number;
  /** Writes the pacer could not start on time because `MAX_IN_FLIGHT` were outstanding. */
  behind: number;
  byStatus: Record<string, number>;
  samples: { atS: number; rssMB: number }[];
  rssAfterFirstMinuteMB: number;
  rssAtEndMB: number;
  /** Least-squares slope of RSS after the first minute. */
  rssSlopeMBPerMin: number;
  /** After the load, after a full GC. */
  endHeapUsedMB: number;
  flat: boolean;
}

const MAX_IN_FLIGHT = 128;
const SQUARE_KEYS = 2_000;
const SKUS = 200;
const CUSTOMERS = 1_000;

/** @example const r = await writeSoak({ seconds: 600, rate: 1000 }) */
export async function writeSoak(options: {
  seconds: number;
  rate: number;
}): Promise<WriteSoakResult> {
  const runDir = mkdtempSync(join(tmpdir(), 'omnichaos-write-soak-'));
  const server = new MemoryServer(runDir);
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  try {
    const ready = await server.ready;
    const writes = await writers(ready, agent);
    const byStatus: Record<string, number> = {};
    const samples: { atS: number; rssMB: number }[] = [];
    let sent = 0;
    let behind = 0;
    let inFlight = 0;
    const t0 = performance.now();
    const endMs = options.seconds * 1000;
    let nextSample = 5_000;
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        const now = performance.now() - t0;
        if (now >= nextSample) {
          samples.push({ atS: nextSample / 1000, rssMB: round1(server.rss() / MB) });
          nextSample += 5_000;
        }
        if (now >= endMs) {
          clearInterval(tick);
          done();
          return;
        }
        const due = Math.floor((now / 1000) * options.rate);
        while (sent + behind < due) {
          if (inFlight >= MAX_IN_FLIGHT) {
            behind++;
            continue;
          }
          const i = sent++;
          inFlight++;
          void writes(i).then((status) => {
            inFlight--;
            byStatus[status] = (byStatus[status] ?? 0) + 1;
          });
        }
      }, 10);
    });
    while (inFlight > 0) await new Promise((ok) => setTimeout(ok, 50));
    const end = await server.command('mem');
    const after = samples.filter((s) => s.atS >= 60);
    const slope = slopePerMin(after);
    const first = after[0]?.rssMB ?? 0;
    const minutes = after.length > 1 ? (after.at(-1)!.atS - after[0]!.atS) / 60 : 0;
    return {
      seconds: options.seconds,
      targetPerSec: options.rate,
      sent,
      behind,
      byStatus,
      samples,
      rssAfterFirstMinuteMB: first,
      rssAtEndMB: samples.at(-1)?.rssMB ?? 0,
      rssSlopeMBPerMin: round3(slope),
      endHeapUsedMB: round1(end.heapUsed / MB),
      flat: after.length > 1 && slope * minutes <= Math.max(10, 0.1 * first),
    };
  } finally {
    agent.destroy();
    server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** MB per minute, least squares over (atS, rssMB). */
function slopePerMin(points: { atS: number; rssMB: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.atS, 0) / n;
  const my = points.reduce((s, p) => s + p.rssMB, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.atS - mx) * (p.rssMB - my);
    den += (p.atS - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/** The write for request i (40% Square, 30% SP-API, 30% NetSuite), resolving with its status. */
async function writers(ready: Ready, agent: Agent): Promise<(i: number) => Promise<number>> {
  const square = new URL('/v2/orders', ready.urls.pos);
  const squareHeaders = {
    authorization: `Bearer ${ready.squareToken}`,
    'square-version': '2025-10-16',
    'content-type': 'application/json',
  };
  const locations = await fetch(`${ready.urls.pos}/v2/locations`, { headers: squareHeaders });
  const location = ((await locations.json()) as { locations: { id: string }[] }).locations[0]!.id;
  const mp = ready.marketplace;
  const accessToken = await lwaAccessToken(agent, ready);
  const mpHeaders = { 'x-amz-access-token': accessToken, 'content-type': 'application/json' };
  const erpHeaders = {
    authorization: `Bearer ${ready.erpToken}`,
    'content-type': 'application/json',
  };
  const status = (url: URL, method: string, headers: Record<string, string>, body: string) =>
    send(agent, url, method, headers, body, false).then((r) => r.status);
  return (i) => {
    const which = i % 10;
    if (which < 4) {
      const k = i % SQUARE_KEYS;
      const body = JSON.stringify({
        idempotency_key: `soak-${k}`,
        order: {
          location_id: location,
          reference_id: `S${k}`,
          line_items: [
            { name: 'soak', quantity: '1', base_price_money: { amount: 500, currency: 'USD' } },
          ],
        },
      });
      return status(square, 'POST', squareHeaders, body);
    }
    if (which < 7) {
      const sku = `SKU-${String(i % SKUS).padStart(5, '0')}`;
      const url = new URL(
        `/listings/2021-08-01/items/${mp.sellerId}/${sku}?marketplaceIds=${mp.marketplaceId}`,
        ready.urls.marketplace,
      );
      const body = JSON.stringify({
        productType: 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 100 + (i % 50) }],
          },
        ],
      });
      return status(url, 'PATCH', mpHeaders, body);
    }
    const k = i % CUSTOMERS;
    const url = new URL(`/services/rest/record/v1/customer/eid:SOAK-${k}`, ready.urls.erp);
    return status(url, 'PUT', erpHeaders, JSON.stringify({ companyName: `Soak ${k} ${i % 7}` }));
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seconds = Number(process.argv[2] ?? process.env.BENCH_SOAK_SECONDS ?? 600);
  const rate = Number(process.argv[3] ?? process.env.BENCH_WRITE_SOAK_RATE ?? 1000);
  writeSoak({ seconds, rate }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
