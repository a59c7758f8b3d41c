import { z } from 'zod';
import { defineFault } from '../fault.js';
import { respond } from '../../simulators/core/types.js';

/**
 * The system is down for the window:
 * - `maintenance`: the dialect's 503 with Retry-After (by default the wall seconds left in the
 *   window — what a well-behaved vendor announces);
 * - `refuse`: the port is closed for the window (node:http), so connections are refused;
 *   elsewhere each request is reset;
 * - `reset`: every connection is reset; `hang`: nothing ever answers.
 */
export const outage = defineFault({
  type: 'outage',
  kind: 'outage',
  summary: 'take a system down: maintenance 503 + Retry-After, refuse connections, reset, or hang',
  params: z
    .object({
      mode: z.enum(['maintenance', 'refuse', 'reset', 'hang']).default('maintenance'),
      /** Seconds; default: what is left of the window. */
      retryAfter: z.number().nonnegative().optional(),
      message: z
        .string()
        .default('The service is unavailable for scheduled maintenance (injected by omnichaos).'),
    })
    .strict(),
  async onRequest(call) {
    const { mode, retryAfter, message } = call.params;
    if (mode === 'hang') return { kind: 'hang' };
    if (mode === 'reset') return { kind: 'reset' };
    if (mode === 'refuse') return { kind: 'refuse' };
    // Retry-After counts seconds of the target's time (docs/decisions/0011-target-clock.md).
    const left = Number.isFinite(call.windowRemainingMs)
      ? Math.ceil(call.clock.scenarioToTarget(call.windowRemainingMs) / 1000)
      : 60;
    return respond(
      call.errors.error(503, message, { retryAfterSeconds: retryAfter ?? Math.max(1, left) }),
    );
  },
  async onWindow(call, active) {
    if (call.params.mode === 'refuse') await call.setRefusing?.(active);
  },
});
