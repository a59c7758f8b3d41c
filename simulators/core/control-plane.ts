import type { Journal } from './journal.js';
import { Router } from './router.js';
import type { SimRequest, SimResponse } from './types.js';

/**
 * `/_omnichaos/*`: the harness's own API, answered on the control port and on every simulator
 * port. Built-in: health, world, endpoints, journal, reset. Other parts add theirs with `add()`
 * (faults, clock, plan, metrics) — named extensions, not edits here.
 */
export interface ControlPlaneHost {
  health(): Record<string, unknown>;
  world(): { seed: number; size: Record<string, number>; digest: string };
  endpoints(): object;
  reset(): Promise<void> | void;
  journal: Journal;
}

export type ControlHandler = (
  req: SimRequest,
  params: Record<string, string>,
) => SimResponse | Promise<SimResponse>;

interface ControlRoute {
  method: string;
  pattern: string;
  handler: ControlHandler;
}

const json = (status: number, body: unknown): SimResponse => ({
  status,
  headers: { 'cache-control': 'no-store' },
  body,
});

export class ControlPlane {
  private readonly routes: ControlRoute[] = [];
  private router: Router<ControlRoute> | undefined;

  constructor(
    private readonly host: ControlPlaneHost,
    private readonly token?: string,
  ) {
    this.add('GET', '/health', () => json(200, { status: 'ok', ...host.health() }));
    this.add('GET', '/world', () => json(200, host.world()));
    this.add('GET', '/endpoints', () => json(200, host.endpoints()));
    this.add('POST', '/reset', async () => {
      await host.reset();
      return json(200, { status: 'reset' });
    });
    this.add('GET', '/journal', (req) => {
      const limit = clampInt(req.query.limit, 1000, 1, 10_000);
      const afterSeq =
        req.query.afterSeq === undefined
          ? undefined
          : clampInt(req.query.afterSeq, 0, 0, Number.MAX_SAFE_INTEGER);
      const events = host.journal.query({
        type: req.query.type,
        sys: req.query.sys,
        afterSeq,
        limit,
      });
      return json(200, { count: host.journal.count, events });
    });
  }

  /**
   * Add a route under `/_omnichaos` (the prefix is implied).
   *
   * @example controlPlane.add('GET', '/faults', () => ({ status: 200, body: chaos.list() }))
   */
  add(method: string, pattern: string, handler: ControlHandler): void {
    this.routes.push({ method: method.toUpperCase(), pattern: `/_omnichaos${pattern}`, handler });
    this.router = undefined;
  }

  async handle(req: SimRequest): Promise<SimResponse> {
    const via = this.token ? this.credentialOf(req) : 'open';
    if (!via) {
      return json(401, {
        error:
          'control plane token required: send "Authorization: Bearer <token>" ' +
          '(a browser: open the page once with ?token=<token>)',
      });
    }
    const res = await this.route(req);
    // A browser cannot add a header to a page load or an EventSource: a token that came in the
    // query becomes a same-site cookie for this path, so the page's own requests carry it.
    if (via === 'query') {
      const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(this.token!)}; Path=/_omnichaos; HttpOnly; SameSite=Strict`;
      return { ...res, headers: { ...res.headers, 'set-cookie': cookie } };
    }
    return res;
  }

  private async route(req: SimRequest): Promise<SimResponse> {
    this.router ??= new Router(this.routes);
    const m = this.router.match(req.method, req.path);
    if (m.kind === 'none') {
      const known = this.routes.map((r) => `${r.method} ${r.pattern}`);
      return json(404, { error: `unknown control route ${req.method} ${req.path}`, routes: known });
    }
    if (m.kind === 'method-not-allowed') {
      return json(405, { error: `use ${m.allowed.join(' or ')} for ${req.path}` });
    }
    try {
      return await m.route.handler(req, m.params);
    } catch (err) {
      return json(400, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** How the caller proved it holds the token, or undefined when it did not. */
  private credentialOf(req: SimRequest): 'header' | 'cookie' | 'query' | undefined {
    const auth = req.headers.authorization ?? '';
    if (auth === `Bearer ${this.token}` || req.headers['x-omnichaos-token'] === this.token)
      return 'header';
    if (cookieValue(req.headers.cookie, TOKEN_COOKIE) === this.token) return 'cookie';
    // Only for reads: a link must not be able to inject or clear faults.
    if (req.method === 'GET' && req.query.token === this.token) return 'query';
    return undefined;
  }
}

const TOKEN_COOKIE = 'omnichaos_token';

/** One cookie's value from a `Cookie` header, or undefined. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function clampInt(text: string | undefined, fallback: number, min: number, max: number): number {
  const n = text === undefined ? fallback : Number.parseInt(text, 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}
