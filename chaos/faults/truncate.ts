import { z } from 'zod';
import { defineFault } from '../fault.js';
import { encodeBody } from '../../simulators/core/types.js';

/** Sends the headers (promising the full length) and only part of the body, then closes. */
export const truncate = defineFault({
  type: 'truncate',
  kind: 'network',
  summary: 'send part of the body (bytes, or a fraction), then close the connection',
  params: z
    .object({
      bytes: z.number().int().nonnegative().optional(),
      fraction: z.number().min(0).max(1).default(0.5),
    })
    .strict(),
  onResponse(call, outcome) {
    if (outcome.kind !== 'respond') return outcome;
    const length = Buffer.byteLength(encodeBody(outcome.response).text);
    const bytes = call.params.bytes ?? Math.floor(length * call.params.fraction);
    return {
      kind: 'truncate',
      response: outcome.response,
      bytes: Math.min(bytes, Math.max(0, length - 1)),
    };
  },
});
