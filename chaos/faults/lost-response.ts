import { z } from 'zod';
import { defineFault } from '../fault.js';

/**
 * The write happens, the answer is lost: the handler runs and commits, then the connection is
 * reset. The classic test of idempotency — a client that retries with a new key duplicates.
 */
export const lostResponse = defineFault({
  type: 'lost-response',
  kind: 'network',
  summary: 'perform the request, then reset the connection instead of answering',
  params: z.object({}).strict(),
  onResponse() {
    return { kind: 'reset' };
  },
});
