/**
 * The plain objects the simulator core speaks. Transports (node:http, express, msw) convert at
 * their edge; nothing in the core sees a socket, an express `req` or a Web `Request`.
 * Why plain objects: docs/decisions/0003-plain-object-core.md (Web Request/Response cost ~4×).
 */

/** Header names are lower-case, as node:http delivers them. */
export type HeaderMap = Record<string, string>;

/** One inbound HTTP request, already read from the wire. */
export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/services/rest/record/v1/salesOrder/12`. */
  path: string;
  /** Decoded query parameters; a repeated name keeps its last value (see `rawQuery`). */
  query: Record<string, string>;
  /** The query string as sent, without `?` (for vendors that repeat names). */
  rawQuery: string;
  headers: HeaderMap;
  /** The body as UTF-8 text, '' when absent. */
  rawBody: string;
  /** Set by a transport that stopped reading a body over its size limit. */
  bodyTooLarge?: boolean;
  /** The cap that transport applied, in bytes (set with `bodyTooLarge`). */
  bodyLimitBytes?: number;
}

/** One HTTP response. `body` objects are serialised as JSON; strings are sent as they are. */
export interface SimResponse {
  status: number;
  headers?: HeaderMap;
  body?: unknown;
  /**
   * A body written over time instead of `body` — the dashboard's server-sent events. The
   * transport sends the headers at once, writes each chunk as the iterator yields it, and calls
   * the iterator's `return()` when the client goes away. Only the control plane uses it.
   */
  stream?: AsyncIterable<string>;
}

/**
 * How an exchange ends on the wire (docs/architecture.md). A transport realises each as faithfully as it can
 * and documents the gaps (msw can only produce a generic network error for the socket outcomes).
 */
export type Outcome =
  | { kind: 'respond'; response: SimResponse }
  /** Destroy the socket without a response (ECONNRESET at the client). */
  | { kind: 'reset' }
  /** Connection refused. Per request a transport can only approximate it with a reset; the
   * node:http transport really closes its port while a refuse outage is on. */
  | { kind: 'refuse' }
  /** Never answer; the client's own timeout decides. */
  | { kind: 'hang' }
  /** Send the headers (with the full Content-Length) and `bytes` bytes of the body, then close. */
  | { kind: 'truncate'; response: SimResponse; bytes: number }
  /** Send the body `chunkBytes` at a time, waiting `intervalMs` (wall time) between chunks. */
  | { kind: 'drip'; response: SimResponse; chunkBytes: number; intervalMs: number };

/** The outcome kinds, for journals and reports. */
export type OutcomeKind = Outcome['kind'];

/** Wrap a response as the ordinary outcome. */
export function respond(response: SimResponse): Outcome {
  return { kind: 'respond', response };
}

/** Serialise a response body: objects as JSON, strings and buffers as they are. */
export function encodeBody(response: SimResponse): { text: string | Buffer; contentType?: string } {
  const { body } = response;
  if (body === undefined || body === null) return { text: '' };
  if (typeof body === 'string' || Buffer.isBuffer(body)) return { text: body };
  return { text: JSON.stringify(body), contentType: 'application/json' };
}
