import { z } from 'zod';
import { defineFault } from '../fault.js';
import { respond } from '../../simulators/core/types.js';

/** Answers with the dialect's own error body for `status`, optionally with Retry-After. */
export const error = defineFault({
  type: 'error',
  kind: 'outage',
  summary: "answer with the vendor's own error body for a status (optional Retry-After)",
  params: z
    .object({
      status: z.number().int().min(400).max(599).default(500),
      code: z.string().optional(),
      message: z.string().default('The service encountered an error (injected by omnichaos).'),
      /** Seconds. */
      retryAfter: z.number().nonnegative().optional(),
    })
    .strict(),
  async onRequest(call) {
    const { status, code, message, retryAfter } = call.params;
    return respond(call.errors.error(status, message, { code, retryAfterSeconds: retryAfter }));
  },
});
