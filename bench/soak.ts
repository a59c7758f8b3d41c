/**
 * Memory over a long run: the full Square pipeline (journal streaming to disk) under a steady
 * `rate` req/s of reads for `seconds`, with the server reporting its memory every 10 s. Flat
 * means the heap at the end is within 10% (or 5 MB) of the heap after the first minute —
 * nothing accumulates per request. Reads, because every write is kept by the simulator as
 * state (an order stays retrievable), which grows by design.
 */
import autocannon from 'autocannon';
import { round3, startServer } from './client.js';

export interface SoakResult {
  seconds: number;
  targetPerSec: number;
  requests: number;
  non2xx: number;
  samples: { atS: number; rssMB: number; heapUsedMB: number }[];
  heapAfterFirstMinuteMB: number;
  heapAtEndMB: number;
  rssAtEndMB: number;
  heapGrowthMBPerMin: number;
  flat: boolean;
}

const MB = 1024 * 1024;

/**
 * @example const r = await soak(runDir, { seconds: 600, rate: 500 })
 */
export async function soak(
  runDir: string,
  options: { seconds: number; rate: number },
): Promise<SoakResult> {
  const everyMs = 10_000;
  const server = await startServer('square', runDir, { BENCH_MEM_MS: String(everyMs) });
  try {
    const headers = { authorization: `Bearer ${server.info.token}` };
    const r = await autocannon({
      url: `http://127.0.0.1:${server.port}/v2/locations`,
      headers,
      connections: 10,
      overallRate: options.rate,
      duration: options.seconds,
    });
    const samples = server.lines
      .filter((l) => l.startsWith('mem '))
      .map((l, i) => {
        const m = JSON.parse(l.slice(4)) as { rss: number; heapUsed: number };
        return {
          atS: ((i + 1) * everyMs) / 1000,
          rssMB: round3(m.rss / MB),
          heapUsedMB: round3(m.heapUsed / MB),
        };
      });
    const afterMinute = samples.find((s) => s.atS >= 60) ?? samples[0];
    const last = samples.at(-1);
    const start = afterMinute?.heapUsedMB ?? 0;
    const end = last?.heapUsedMB ?? 0;
    const minutes = last && afterMinute ? (last.atS - afterMinute.atS) / 60 : 0;
    return {
      seconds: options.seconds,
      targetPerSec: options.rate,
      requests: r.requests.total,
      non2xx: r.non2xx,
      samples,
      heapAfterFirstMinuteMB: start,
      heapAtEndMB: end,
      rssAtEndMB: last?.rssMB ?? 0,
      heapGrowthMBPerMin: minutes > 0 ? round3((end - start) / minutes) : 0,
      flat: end - start <= Math.max(5, 0.1 * start),
    };
  } finally {
    server.child.kill('SIGKILL');
  }
}
