import { http, HttpResponse, type HttpHandler } from 'msw';
import { encodeBody, type HeaderMap, type SimRequest } from '../core/types.js';
import type { SimHandler } from './node-http.js';

/**
 * msw handlers that answer for a simulator on a base URL — in-process, no port, for unit tests of
 * integration code: `setupServer(...simulatorHandlers(erp.handle, { baseUrl: 'https://1234.suitetalk.api.netsuite.com' }))`.
 *
 * Gaps (msw has one network failure, `HttpResponse.error()`): reset and refuse both become that
 * error; hang waits for the request's abort signal; truncate sends the cut body without the
 * Content-Length lie (the client still fails to parse it); drip streams chunks on real timers.
 * A streamed body (`SimResponse.stream`) streams, but msw keeps a clone of each mocked response,
 * so a client that cancels it never releases the producer.
 */
export interface MswOptions {
  baseUrl: string;
  delay?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function simulatorHandlers(handle: SimHandler, options: MswOptions): HttpHandler[] {
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  const delay = options.delay ?? sleep;
  return [
    http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
      const simReq = await toSimRequest(request, prefix);
      const outcome = await handle(simReq);
      switch (outcome.kind) {
        case 'reset':
        case 'refuse':
          return HttpResponse.error();
        case 'hang':
          await new Promise<void>((resolve) =>
            request.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
          return HttpResponse.error();
        case 'respond': {
          if (outcome.response.stream)
            return new HttpResponse(readableOf(outcome.response.stream), {
              status: outcome.response.status,
              headers: headersOf(outcome.response.headers, undefined),
            });
          const { text, contentType } = encodeBody(outcome.response);
          return new HttpResponse(text || null, {
            status: outcome.response.status,
            headers: headersOf(outcome.response.headers, contentType),
          });
        }
        case 'truncate': {
          const { text, contentType } = encodeBody(outcome.response);
          const cut = Buffer.from(text).subarray(0, outcome.bytes);
          return new HttpResponse(cut, {
            status: outcome.response.status,
            headers: headersOf(outcome.response.headers, contentType),
          });
        }
        case 'drip': {
          const { text, contentType } = encodeBody(outcome.response);
          const bytes = Buffer.from(text);
          const step = Math.max(1, outcome.chunkBytes);
          const stream = new ReadableStream<Uint8Array>({
            async start(controller) {
              for (let at = 0; at < bytes.length; at += step) {
                if (at > 0) await delay(outcome.intervalMs);
                controller.enqueue(bytes.subarray(at, at + step));
              }
              controller.close();
            },
          });
          return new HttpResponse(stream, {
            status: outcome.response.status,
            headers: headersOf(outcome.response.headers, contentType),
          });
        }
      }
    }),
  ];
}

async function toSimRequest(request: Request, prefix: string): Promise<SimRequest> {
  const url = new URL(request.url);
  const headers: HeaderMap = {};
  request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
  // A request on the wire names its host; the simulator builds self links and checks OAuth 1.0
  // signatures from it. msw's Request has none of these headers, so say what the URL says.
  // Control routes are the exception: an in-process caller has no Host to rebind, and the
  // control plane refuses any Host that is not its own listening address.
  if (!url.pathname.slice(prefix.length).startsWith('/_omnichaos')) headers.host ??= url.host;
  headers['x-forwarded-proto'] ??= url.protocol.replace(/:$/, '');
  if (prefix) headers['x-forwarded-prefix'] ??= prefix;
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const rawBody = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  return {
    method: request.method,
    path: url.pathname.slice(prefix.length) || '/',
    query,
    rawQuery: url.search.replace(/^\?/, ''),
    headers,
    rawBody,
  };
}

/** A streamed body as a Web stream; cancelling it (the client went away) releases the producer. */
function readableOf(stream: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      void chunks.return?.();
    },
  });
}

function headersOf(headers: HeaderMap | undefined, contentType: string | undefined): Headers {
  const out = new Headers(headers);
  if (contentType && !out.has('content-type')) out.set('content-type', contentType);
  return out;
}
