import { z } from 'zod';
import { defineFault } from '../fault.js';
import { respond } from '../../simulators/core/types.js';

/**
 * A semaphore over in-flight requests (like NetSuite's account concurrency governance): the
 * request that would exceed `limit` gets the dialect's `status` (429 by default) at once.
 */
export const concurrency = defineFault({
  type: 'concurrency',
  // Over the cap the request fails at once, as in an outage (not held to a quota like `throttle`).
  kind: 'outage',
  summary: 'cap requests in flight; the one over the cap is rejected at once',
  params: z
    .object({
      limit: z.number().int().positive().default(1),
      status: z.number().int().min(400).max(599).default(429),
    })
    .strict(),
  async onRequest(call, next) {
    const inFlight = (call.memory.get('inFlight') as number | undefined) ?? 0;
    if (inFlight >= call.params.limit) {
      return respond(
        call.errors.error(
          call.params.status,
          `Concurrent request limit of ${call.params.limit} exceeded (injected by omnichaos).`,
        ),
      );
    }
    call.memory.set('inFlight', inFlight + 1);
    try {
      return await next();
    } finally {
      call.memory.set('inFlight', ((call.memory.get('inFlight') as number) ?? 1) - 1);
    }
  },
});
