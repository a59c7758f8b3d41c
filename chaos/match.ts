import type { FaultMatch } from '../scenarios/types.js';
import type { Exchange } from '../simulators/core/pipeline.js';

/**
 * Which requests (or webhook deliveries) a fault applies to. Every key given must match; an empty
 * matcher matches everything. `operation` and `path` accept globs: `*` within a segment (or
 * within an operation name), `**` across segments — `salesOrder.*`, `/orders/v0/**`.
 */
export function matchesRequest(match: FaultMatch, ex: Exchange<unknown>): boolean {
  return compileMatcher(match)(ex);
}

type RequestMatcher = (ex: Exchange<unknown>) => boolean;
const compiled = new WeakMap<FaultMatch, RequestMatcher>();

/** Compile a matcher once per rule (globs become regexes), so each request only runs tests. */
export function compileMatcher(match: FaultMatch): RequestMatcher {
  let m = compiled.get(match);
  if (!m) {
    const op = match.operation ? glob(match.operation, '.') : undefined;
    const path = match.path ? glob(match.path, '/') : undefined;
    m = (ex) =>
      (!match.system || match.system === ex.sim.name) &&
      !match.topic && // a topic matcher is for webhook deliveries only
      (!match.method || match.method === ex.req.method.toUpperCase()) &&
      (!op || op.test(ex.operation)) &&
      (!path || path.test(ex.req.path)) &&
      restMatches(match, ex);
    compiled.set(match, m);
  }
  return m;
}

function restMatches(match: FaultMatch, ex: Exchange<unknown>): boolean {
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
