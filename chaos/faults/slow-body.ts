import { z } from 'zod';
import { defineFault } from '../fault.js';

/** Headers arrive at once, the body trickles: `chunkBytes` every `intervalMs` (wall). */
export const slowBody = defineFault({
  type: 'slow-body',
  kind: 'latency',
  summary: 'trickle the response body in chunks (wall-time interval)',
  params: z
    .object({
      chunkBytes: z.number().int().positive().default(16),
      intervalMs: z.number().nonnegative().default(200),
    })
    .strict(),
  onResponse(call, outcome) {
    if (outcome.kind !== 'respond') return outcome;
    return {
      kind: 'drip',
      response: outcome.response,
      chunkBytes: call.params.chunkBytes,
      intervalMs: call.params.intervalMs,
    };
  },
});
