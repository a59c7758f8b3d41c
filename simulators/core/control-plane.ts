import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SimError } from './errors.js';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';
import type { Journal } from '../../journal/journal.js';
import { Router } from './router.js';
import type { SimRequest, SimResponse } from './types.js';
import { ev } from '../../journal/events.js';

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

export interface ControlPlaneOptions {
  /** Required on every request when set (`--token`): bearer header, or the browser's way in. */
  token?: string;
  /**
   * Host names (any of our ports) or `name:port` pairs accepted in `Host` besides the bound
   * address, `localhost` and `127.0.0.1` — for containers and proxies (`--allow-host`).
   */
  allowHosts?: readonly string[];
}

/** Methods that never change state: everything else is a write. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Names every loopback listener answers to. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** The header the dashboard page sends its per-process write token in. */
export const CSRF_HEADER = 'x-omnichaos-csrf';

/**
 * Sent on every control answer. The dashboard is plain files served from here, so the policy
 * allows only this origin's own scripts, styles and connections; nothing inline, no framing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The page may be opened with ?token=: keep it out of Referer headers.
  'referrer-policy': 'no-referrer',
};

/**
 * The rules every `/_omnichaos/*` request passes, on the control port and on every simulator
 * port alike (docs/control-plane.md):
 *
 *   Host     must name us — a bound address, localhost or 127.0.0.1 with one of our ports, or an
 *            `allowHosts` entry — else 421 (a DNS-rebound name never reaches a route);
 *   Origin   when sent, must be this server's own (`http://<Host>`), else 403;
 *   writes   need `content-type: application/json` (415) — what a cross-site form or a no-cors
 *            fetch cannot send — and a browser's `Sec-Fetch-Site` of same-origin (403);
 *   token    with `token` set: the bearer header on anything; a browser reads with the cookie a
 *            `?token=` page load set, and writes only with that cookie AND the page's CSRF token;
 *   body     over the transport's cap: 413 naming the cap;
 *   errors   a handler's unexpected throw answers 500 with a correlation id; the message goes
 *            to the journal (`control:error`), never to the caller.
 */
export class ControlPlane {
  private readonly routes: ControlRoute[] = [];
  private router: Router<ControlRoute> | undefined;
  private readonly token: string | undefined;
  private readonly names = new Set(LOOPBACK_NAMES);
  private readonly ports = new Set<number>();
  private readonly allowed = new Set<string>();
  /**
   * Per-process write token for the dashboard page (it carries it in a meta tag). Random, not
   * seeded: it guards the harness, it never shapes a run, so replay does not depend on it.
   */
  readonly csrfToken = randomBytes(32).toString('base64url');

  constructor(
    private readonly host: ControlPlaneHost,
    options?: string | ControlPlaneOptions,
  ) {
    const opts = typeof options === 'string' ? { token: options } : (options ?? {});
    this.token = opts.token || undefined;
    for (const h of opts.allowHosts ?? []) if (h.trim()) this.allowed.add(h.trim().toLowerCase());
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

  /**
   * Tell the control plane an address it is served on, once the port is bound: `Host` must then
   * carry one of these ports. Until the first call (in-process transports, tests) any port of a
   * loopback name passes.
   *
   * @example controlPlane.listeningOn('127.0.0.1', 4000)
   */
  listeningOn(address: string, port: number): void {
    // A wildcard bind (0.0.0.0) is taken literally too: only a page served from that very
    // address can send it as Host. Callers who use the machine's own names need the allow-list.
    this.names.add(address.includes(':') ? `[${address}]` : address.toLowerCase());
    this.ports.add(port);
  }

  async handle(req: SimRequest): Promise<SimResponse> {
    return secured(await this.check(req));
  }

  private async check(req: SimRequest): Promise<SimResponse> {
    const host = req.headers.host;
    // A browser always sends Host; only in-process callers (msw, tests) come without one.
    if (host !== undefined && !this.hostAllowed(host))
      return json(421, {
        error:
          `Host "${host.slice(0, 100)}" is not this control plane's address: use ` +
          `${this.example()} (or start it with --allow-host <name> for another name)`,
      });
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, host))
      return json(403, {
        error: `cross-origin request refused: Origin "${origin.slice(0, 100)}" is not this control plane's own`,
      });
    const write = !READ_METHODS.has(req.method.toUpperCase());
    if (write) {
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none')
        return json(403, {
          error: `cross-site write refused (Sec-Fetch-Site: ${site.slice(0, 40)}): only the dashboard's own page or a non-browser client may change state`,
        });
      if (mediaType(req.headers['content-type']) !== 'application/json')
        return json(415, {
          error:
            'state-changing control routes take "content-type: application/json" ' +
            '(also with an empty body)',
        });
    }
    const via = this.token ? this.credentialOf(req, write) : 'open';
    if (!via) {
      return json(401, {
        error:
          'control plane token required: send "Authorization: Bearer <token>" ' +
          '(a browser: open the dashboard once with ?token=<token>; its buttons send the write token)',
      });
    }
    if (req.bodyTooLarge) {
      const cap = req.bodyLimitBytes;
      return json(413, {
        error:
          cap === undefined
            ? 'request body over the control plane limit'
            : `request body over the control plane limit of ${cap} bytes (${formatBytes(cap)})`,
        ...(cap === undefined ? {} : { limitBytes: cap }),
      });
    }
    // Handlers parse and walk bodies; one nested past reason is malformed, not a stack overflow.
    if (write && tooDeep(req.rawBody))
      return json(400, { error: `request body nests deeper than ${MAX_JSON_DEPTH} levels` });
    const res = await this.route(req);
    // A browser cannot add a header to a page load or an EventSource: a token that came in the
    // query becomes a same-site cookie for this path, so the page's own reads carry it. Writes
    // also need the CSRF token the page carries (the cookie alone never authorises one).
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
      // A handler answers bad input itself; a throw here is our fault. The caller gets an id to
      // quote, the journal gets the message (which may name internals).
      if (err instanceof SimError) return err.response;
      const event = this.host.journal.append(
        ev.controlError({
          route: `${req.method} ${m.route.pattern}`,
          error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        }),
      );
      const id = `control-error-${event.seq}`;
      return json(500, {
        error: `internal error in the control plane (id ${id}; the journal has the details as control:error seq ${event.seq})`,
        id,
      });
    }
  }

  /** How the caller proved it holds the token, or undefined when it did not. */
  private credentialOf(
    req: SimRequest,
    write: boolean,
  ): 'header' | 'cookie' | 'csrf' | 'query' | undefined {
    const token = this.token!;
    const auth = req.headers.authorization;
    if (auth !== undefined && auth.startsWith('Bearer ') && sameSecret(auth.slice(7), token))
      return 'header';
    const custom = req.headers['x-omnichaos-token'];
    if (custom !== undefined && sameSecret(custom, token)) return 'header';
    const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
    const hasCookie = cookie !== undefined && sameSecret(cookie, token);
    if (write) {
      // The dashboard page: its cookie and the CSRF token it carries, both.
      const csrf = req.headers[CSRF_HEADER];
      return hasCookie && csrf !== undefined && sameSecret(csrf, this.csrfToken)
        ? 'csrf'
        : undefined;
    }
    if (hasCookie) return 'cookie';
    // Only for reads: a link must not be able to inject or clear faults.
    if (req.query.token !== undefined && sameSecret(req.query.token, token)) return 'query';
    return undefined;
  }

  private hostAllowed(header: string): boolean {
    const value = header.trim().toLowerCase();
    if (this.allowed.has(value)) return true;
    const at = value.startsWith('[') ? value.indexOf(']:') + 1 : value.lastIndexOf(':');
    const name = at > 0 ? value.slice(0, at) : value;
    const port = at > 0 ? Number(value.slice(at + 1)) : 80;
    if (this.allowed.has(name)) return true;
    if (!this.names.has(name)) return false;
    return this.ports.size === 0 || this.ports.has(port);
  }

  private example(): string {
    const port = this.ports.values().next().value;
    return port === undefined ? 'localhost or 127.0.0.1' : `127.0.0.1:${port} or localhost:${port}`;
  }
}

/** Every control answer carries the security headers; the handler's own win except for these. */
function secured(res: SimResponse): SimResponse {
  return { ...res, headers: { ...res.headers, ...SECURITY_HEADERS } };
}

/**
 * Constant-time comparison of a presented secret with the expected one. Both are hashed first,
 * so their lengths never differ and the time taken says nothing about either.
 */
function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `Origin` names the server it is sent to: scheme http(s), and the authority is the Host. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  const o = origin.trim().toLowerCase();
  const h = host.trim().toLowerCase();
  return o === `http://${h}` || o === `https://${h}`;
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]!.trim().toLowerCase();
}

function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
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
