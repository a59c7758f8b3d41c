import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  encodeBody,
  type HeaderMap,
  type Outcome,
  type SimRequest,
  type SimResponse,
} from '../core/types.js';

/**
 * The default transport: a plain `node:http` server. It realises every network outcome for real:
 * resets destroy the socket, `hang` holds it open, `truncate` lies about Content-Length and
 * closes, `drip` trickles the body, and `setRefusing(true)` closes the listening port so new
 * connections are refused (ECONNREFUSED) until it is reopened.
 */
export type SimHandler = (req: SimRequest) => Promise<Outcome>;

export interface NodeTransportOptions {
  /** Bodies above this are not buffered; the pipeline answers the dialect's 413. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Wall-time wait used by `drip` (the clock's `delay`, so tests can drive it). */
  delay?: (ms: number) => Promise<void>;
}

const DEFAULT_MAX_BODY = 5 * 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Read a node request into a `SimRequest`. `path` overrides `req.url` (express mounts). */
export function readSimRequest(
  req: IncomingMessage,
  maxBodyBytes = DEFAULT_MAX_BODY,
): Promise<SimRequest> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  const query: Record<string, string> = {};
  if (rawQuery) for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
  // node joins repeated headers itself, except set-cookie (always an array): only then copy.
  const headers =
    req.headers['set-cookie'] === undefined
      ? (req.headers as HeaderMap)
      : joinedHeaders(req.headers);
  // Built whole, in one shape, on every path (a spread per request showed in profiles).
  const sim: SimRequest = {
    method: req.method ?? 'GET',
    path: q === -1 ? url : url.slice(0, q),
    query,
    rawQuery,
    headers,
    rawBody: '',
  };
  const hasBody =
    headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0';
  if (!hasBody || req.readableEnded) return Promise.resolve(sim);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        sim.bodyTooLarge = true;
        sim.bodyLimitBytes = maxBodyBytes;
      } else
        sim.rawBody =
          chunks.length === 1
            ? chunks[0]!.toString('utf8')
            : Buffer.concat(chunks).toString('utf8');
      resolve(sim);
    });
    req.on('error', reject);
  });
}

function joinedHeaders(src: IncomingMessage['headers']): HeaderMap {
  const headers: HeaderMap = {};
  for (const name in src) {
    const v = src[name];
    if (v !== undefined) headers[name] = typeof v === 'string' ? v : v.join(', ');
  }
  return headers;
}

/** Put an outcome on the wire of a node response. */
export async function writeOutcome(
  res: ServerResponse,
  outcome: Outcome,
  delay: (ms: number) => Promise<void> = sleep,
): Promise<void> {
  switch (outcome.kind) {
    case 'reset':
    case 'refuse':
      // RST rather than FIN where node supports it: the client sees ECONNRESET, as from a dead peer.
      if (res.socket?.resetAndDestroy) res.socket.resetAndDestroy();
      else res.socket?.destroy();
      return;
    case 'hang':
      return; // the socket stays open until the client gives up or the server closes
    case 'respond': {
      if (outcome.response.stream)
        return writeStream(res, outcome.response, outcome.response.stream);
      const { text, contentType } = encodeBody(outcome.response);
      const headers = withDefaults(outcome.response.headers, contentType, Buffer.byteLength(text));
      res.writeHead(outcome.response.status, headers);
      res.end(text);
      return;
    }
    case 'truncate': {
      const { text, contentType } = encodeBody(outcome.response);
      const bytes = Buffer.from(text);
      res.writeHead(
        outcome.response.status,
        withDefaults(outcome.response.headers, contentType, bytes.length),
      );
      res.write(bytes.subarray(0, Math.max(0, outcome.bytes)), () => res.destroy());
      return;
    }
    case 'drip': {
      const { text, contentType } = encodeBody(outcome.response);
      const bytes = Buffer.from(text);
      res.writeHead(
        outcome.response.status,
        withDefaults(outcome.response.headers, contentType, bytes.length),
      );
      const step = Math.max(1, outcome.chunkBytes);
      for (let at = 0; at < bytes.length && !res.destroyed; at += step) {
        if (at > 0) await delay(outcome.intervalMs);
        res.write(bytes.subarray(at, at + step));
      }
      res.end();
      return;
    }
  }
}

/** Send the headers now, then each chunk as the stream yields it, until either side stops. */
async function writeStream(
  res: ServerResponse,
  response: SimResponse,
  stream: AsyncIterable<string>,
): Promise<void> {
  const chunks = stream[Symbol.asyncIterator]();
  // A client that goes away must release the producer, which is usually waiting for news.
  res.once('close', () => void chunks.return?.());
  res.writeHead(response.status, response.headers);
  res.flushHeaders();
  for (let next = await chunks.next(); !next.done && !res.destroyed; next = await chunks.next())
    res.write(next.value);
  res.end();
}

function withDefaults(
  headers: HeaderMap | undefined,
  contentType: string | undefined,
  length: number,
): HeaderMap {
  const out: HeaderMap = {};
  let hasType = false;
  let hasLength = false;
  // One pass over the simulator's headers; names may come in any case.
  for (const name in headers) {
    out[name] = headers[name]!;
    const lower = name.toLowerCase();
    if (lower === 'content-type') hasType = true;
    else if (lower === 'content-length') hasLength = true;
  }
  if (contentType && !hasType) out['content-type'] = contentType;
  if (!hasLength) out['content-length'] = String(length);
  return out;
}

/**
 * A node `(req, res)` listener that runs a simulator handler. Used by the server and express.
 *
 * The outcome goes on the wire at the end of the event loop's current turn, together with the
 * other answers that turn produced (`atEndOfTurn`), not the moment it is ready: a loopback write
 * that finds its reader asleep pays for waking it, and one wake-up per batch instead of one per
 * response is most of the cost of a small request on a busy VM (docs/decisions/0010).
 */
export function nodeListener(handle: SimHandler, options: NodeTransportOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    readSimRequest(req, options.maxBodyBytes)
      .then(handle)
      .then((outcome) => atEndOfTurn(() => writeOutcome(res, outcome, options.delay)))
      .catch(() => {
        // The core never throws for bad input; this is a lost socket mid-read. Nothing to answer.
        if (!res.headersSent) res.destroy();
      });
  };
}

let endOfTurn: (() => void)[] = [];

/** Run `job` once this turn's I/O callbacks are done (setImmediate), after the jobs before it. */
function atEndOfTurn<T>(job: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (endOfTurn.length === 0) setImmediate(runEndOfTurn);
    endOfTurn.push(() => job().then(resolve, reject));
  });
}

function runEndOfTurn(): void {
  const jobs = endOfTurn;
  endOfTurn = [];
  for (const job of jobs) job();
}

export interface NodeServerHandle {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Close the port (new connections refused) or reopen it on the same port. */
  setRefusing(refusing: boolean): Promise<void>;
  readonly refusing: boolean;
  close(): Promise<void>;
}

/**
 * Serve a simulator handler on 127.0.0.1. Port 0 picks a free port.
 *
 * @example const srv = await serveNodeHttp(runtime.handle, { port: 0 }); await fetch(srv.url + '/x')
 */
export async function serveNodeHttp(
  handle: SimHandler,
  options: NodeTransportOptions & { port?: number; host?: string } = {},
): Promise<NodeServerHandle> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAliveTimeout: 5_000 }, nodeListener(handle, options));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  let refusing = false;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    get refusing() {
      return refusing;
    },
    async setRefusing(on) {
      if (on === refusing) return;
      refusing = on;
      if (on) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy(); // a host that went away drops its connections too
        });
      } else {
        await listen(server, port, host);
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (!server.listening) return;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
