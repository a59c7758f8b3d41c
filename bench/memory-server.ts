/**
 * The memory bench's server: every simulator started as `omnichaos up` starts them
 * (`startSimulators`, journal streaming to `<runDir>/journal.ndjson`, default heap), Square's and
 * SP-API's vendor limiters off so the bench measures state, not 429s, SP-API listing patches
 * applied at once (restocks). Run with `--expose-gc`.
 *   node --expose-gc dist/bench/memory-server.js <runDir>
 * Prints `ready <json>` (control URL, simulator URLs, Square token). Then reads commands on stdin,
 * one per line, and answers each with one JSON line:
 *   mem      → memory after a full GC plus the simulators' size counters
 *   reset    → `POST /_omnichaos/reset` done in-process, then `mem`
 */
import { createInterface } from 'node:readline';
import { startSimulators } from '../runtime/start-simulators.js';

declare const gc: (() => void) | undefined;

const RELEASE_WAIT_MS = Number(process.env.BENCH_RELEASE_WAIT_MS ?? 15_000);

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Per simulator: its size counters (simulators/core/sizes.ts). */
  sizes: Record<string, Record<string, number>>;
}

async function main(): Promise<void> {
  const [runDir = '/tmp/omnichaos-memory'] = process.argv.slice(2);
  const sims = await startSimulators({
    seed: 1,
    port: 0,
    runDir,
    // Enough stock that most of a million SP-API orders find their units (200 SKUs sell out
    // after ~13,000 orders).
    worldSize: { skus: 20_000 },
    config: {
      pos: { rateLimit: false },
      // A listing patch applies at once: by default SP-API applies it after 120 s (a GUESS of
      // its processing time), so the bench's restocks (patchListingsItem when a SKU sells out)
      // would not take effect before the retried order, and the run would measure a sold-out
      // marketplace refusing orders instead of orders held.
      marketplace: { rateLimits: false, listingProcessingMs: 0 },
    },
  });
  const sample = (): MemorySample => {
    sims.journal.flush();
    if (typeof gc === 'function') {
      gc();
      gc();
    }
    const m = process.memoryUsage();
    const sizes: MemorySample['sizes'] = {};
    for (const [name, sim] of Object.entries(sims.simulators)) sizes[name] = sim.sizes();
    sizes.journal = sims.journal.kept;
    return {
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      sizes,
    };
  };
  console.log(
    `ready ${JSON.stringify({
      control: sims.controlUrl,
      urls: sims.urls,
      squareToken: sims.world.credentials.pos.accessToken,
      erpToken: sims.world.credentials.erp.accessToken,
      marketplace: sims.world.credentials.marketplace,
    })}`,
  );
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const cmd = line.trim();
    if (cmd === 'reset') {
      const res = await fetch(`${sims.controlUrl}/_omnichaos/reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      if (!res.ok) throw new Error(`reset answered ${res.status}`);
      // V8 gives freed pages back to the system when its memory reducer runs, a few seconds
      // after allocation calms down (an idle `up` after a reset); the sample waits for that.
      sample();
      await new Promise((ok) => setTimeout(ok, RELEASE_WAIT_MS));
      console.log(JSON.stringify(sample()));
    } else if (cmd === 'mem') console.log(JSON.stringify(sample()));
    else if (cmd === 'exit') break;
  }
  await sims.close();
  process.exit(0);
}

void main();
