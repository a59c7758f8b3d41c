import { z } from 'zod';
import { defineFault } from '../fault.js';
import { encodeBody } from '../../simulators/core/types.js';

/**
 * A complete response whose JSON is broken (cut short and followed by stray bytes), with the
 * right Content-Length — a proxy or a buggy vendor release, not a network failure.
 */
export const malformedBody = defineFault({
  type: 'malformed-body',
  kind: 'data',
  summary: 'answer with a complete but unparseable JSON body',
  params: z.object({}).strict(),
  onResponse(_call, outcome) {
    if (outcome.kind !== 'respond') return outcome;
    const { text } = encodeBody(outcome.response);
    const broken = `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}\u0000<html>`;
    return {
      kind: 'respond',
      response: {
        ...outcome.response,
        headers: { ...outcome.response.headers, 'content-type': 'application/json' },
        body: broken,
      },
    };
  },
});
