import { z } from 'zod';
import { defineFault } from '../fault.js';
import { respond } from '../../simulators/core/types.js';

/**
 * The upstream takes too long: wait `afterMs` of wall time without doing the work, then either
 * reset the connection or answer the dialect's 504 — a gateway giving up on a slow backend.
 */
export const timeout = defineFault({
  type: 'timeout',
  kind: 'outage',
  summary: 'stall for afterMs (wall), then reset or answer 504 — the write never happens',
  params: z
    .object({
      afterMs: z.number().nonnegative().default(30_000),
      then: z.enum(['reset', '504']).default('504'),
    })
    .strict(),
  async onRequest(call) {
    await call.clock.delay(call.params.afterMs);
    if (call.params.then === 'reset') return { kind: 'reset' };
    return respond(
      call.errors.error(504, 'The upstream did not answer in time (injected by omnichaos).'),
    );
  },
});
