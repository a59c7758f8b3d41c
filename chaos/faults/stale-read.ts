import { z } from 'zod';
import { defineFault } from '../fault.js';
import type { Outcome, SimResponse } from '../../simulators/core/types.js';

/**
 * Reads lag writes (a replica, a cache): a matched GET answers what the same URL answered
 * `lagMs` of scenario time ago, when that is known. Writes pass through untouched.
 */
export const staleRead = defineFault({
  type: 'stale-read',
  kind: 'data',
  summary: 'GETs answer what the same URL answered lagMs (scenario time) ago',
  params: z.object({ lagMs: z.number().positive().default(60_000) }).strict(),
  onResponse(call, outcome): Outcome {
    if (call.ex.req.method !== 'GET' || outcome.kind !== 'respond') return outcome;
    const url = `${call.ex.req.path}?${call.ex.req.rawQuery}`;
    const now = call.clock.now();
    const history =
      (call.memory.get(url) as { t: number; response: SimResponse }[] | undefined) ?? [];
    history.push({ t: now, response: outcome.response });
    // Keep what may still be served: everything newer than the lag, plus the newest older one.
    let stale: SimResponse | undefined;
    while (history.length > 1 && history[1]!.t <= now - call.params.lagMs) history.shift();
    if (history[0]!.t <= now - call.params.lagMs) stale = history[0]!.response;
    call.memory.set(url, history);
    return stale ? { kind: 'respond', response: stale } : outcome;
  },
});
