/**
 * Route table for one dialect: `METHOD /literal/:param/...` patterns, one resource per route file.
 * Matching is by segments, so `/record/v1/salesOrder/:id` matches `/record/v1/salesOrder/eid:A-1`.
 * A trailing `*` matches the rest of the path (captured as `params['*']`).
 */
export interface RoutePattern {
  method: string;
  pattern: string;
}

export interface Matched<R> {
  route: R;
  params: Record<string, string>;
}

export type MatchResult<R> =
  | ({ kind: 'match' } & Matched<R>)
  /** The path exists but not for this method (→ the dialect's 405, or 404 where the vendor says so). */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

interface Compiled<R> {
  route: R;
  method: string;
  segments: string[];
  rest: boolean;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays raw; the handler's validation rejects it
  }
}

export class Router<R extends RoutePattern> {
  private readonly compiled: Compiled<R>[];

  constructor(routes: readonly R[]) {
    this.compiled = routes.map((route) => {
      const segments = split(route.pattern);
      const rest = segments.at(-1) === '*';
      return {
        route,
        method: route.method.toUpperCase(),
        segments: rest ? segments.slice(0, -1) : segments,
        rest,
      };
    });
    const seen = new Set<string>();
    for (const c of this.compiled) {
      const key = `${c.method} ${c.segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/')}${c.rest ? '/*' : ''}`;
      if (seen.has(key))
        throw new Error(`[omnichaos:router] duplicate route ${c.method} ${c.route.pattern}`);
      seen.add(key);
    }
  }

  match(method: string, path: string): MatchResult<R> {
    const parts = split(path);
    const upper = method.toUpperCase();
    let allowed: string[] | undefined;
    for (const c of this.compiled) {
      if (!fits(c, parts)) continue;
      if (c.method === upper) return { kind: 'match', route: c.route, params: paramsOf(c, parts) };
      (allowed ??= []).push(c.method);
    }
    return allowed ? { kind: 'method-not-allowed', allowed } : { kind: 'none' };
  }
}

/** Whether a path's segments fit a route: same count (or more, for `*`) and equal literals. */
function fits<R>(c: Compiled<R>, parts: string[]): boolean {
  if (c.rest ? parts.length < c.segments.length : parts.length !== c.segments.length) return false;
  for (let i = 0; i < c.segments.length; i++) {
    const seg = c.segments[i]!;
    if (seg.charCodeAt(0) !== COLON && seg !== parts[i]) return false;
  }
  return true;
}

const COLON = 58; // ':'

function paramsOf<R>(c: Compiled<R>, parts: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < c.segments.length; i++) {
    const seg = c.segments[i]!;
    if (seg.charCodeAt(0) === COLON) params[seg.slice(1)] = decode(parts[i]!);
  }
  if (c.rest) params['*'] = parts.slice(c.segments.length).map(decode).join('/');
  return params;
}
