import type { FaultMatch } from '../scenarios/types.js';
import type { Exchange } from '../simulators/core/pipeline.js';

/**
 * Which requests (or webhook deliveries) a fault applies to. Every key given must match; an empty
 * matcher matches everything. `operation` and `path` accept globs: `*` within a segment (or
 * within an operation name), `**` across segments — `salesOrder.*`, `/orders/v0/**`.
 */
export function matchesRequest(match: FaultMatch, ex: Exchange<unknown>): boolean {
  if (match.system && match.system !== ex.sim.name) return false;
  if (match.topic) return false; // a topic matcher is for webhook deliveries only
  if (match.method && match.method !== ex.req.method.toUpperCase()) return false;
  if (match.operation && !glob(match.operation, '.').test(ex.operation)) return false;
  if (match.path && !glob(match.path, '/').test(ex.req.path)) return false;
  if (match.credential && match.credential !== ex.credential) return false;
  if (match.header) {
    for (const [name, value] of Object.entries(match.header)) {
      const actual = ex.req.headers[name.toLowerCase()];
      if (actual === undefined || !glob(value, '\u0000').test(actual)) return false;
    }
  }
  return true;
}

/** Matching for outbound webhooks: system and topic only. */
export function matchesDelivery(match: FaultMatch, sys: string, topic: string): boolean {
  if (match.system && match.system !== sys) return false;
  if (match.topic && !glob(match.topic, '.').test(topic)) return false;
  return !match.method && !match.path && !match.operation && !match.credential && !match.header;
}

const cache = new Map<string, RegExp>();

/** `*` = any run without `sep`; `**` = any run at all. */
export function glob(pattern: string, sep: string): RegExp {
  const key = `${sep}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const escSep = sep.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const body = pattern
      .split('**')
      .map((part) =>
        part
          .split('*')
          .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join(`[^${escSep}]*`),
      )
      .join('.*');
    re = new RegExp(`^${body}$`);
    cache.set(key, re);
  }
  return re;
}
