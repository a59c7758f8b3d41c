import { SimError, type DialectErrors } from '../core/errors.js';
import type { SimResponse } from '../core/types.js';

/**
 * ShipBob's error shapes (docs/dialects/wms.md). ShipBob answers in three shapes:
 * - validation (400/422): a map of field name → messages, `{ "reference_id": ["…"] }`;
 * - rate limit (429): `{ statusCode: 429, message: "Rate limit is exceeded. Try again in N seconds." }`
 *   with `x-retry-after` and `x-remaining-calls`;
 * - everything else: RFC 7807 ProblemDetails `{ type, title, status, detail }` (ASP.NET style).
 */

const TITLES: Record<number, [string, string]> = {
  400: ['Bad Request', 'https://tools.ietf.org/html/rfc9110#section-15.5.1'],
  401: ['Unauthorized', 'https://tools.ietf.org/html/rfc9110#section-15.5.2'],
  403: ['Forbidden', 'https://tools.ietf.org/html/rfc9110#section-15.5.4'],
  404: ['Not Found', 'https://tools.ietf.org/html/rfc9110#section-15.5.5'],
  405: ['Method Not Allowed', 'https://tools.ietf.org/html/rfc9110#section-15.5.6'],
  408: ['Request Timeout', 'https://tools.ietf.org/html/rfc9110#section-15.5.9'],
  409: ['Conflict', 'https://tools.ietf.org/html/rfc9110#section-15.5.10'],
  413: ['Content Too Large', 'https://tools.ietf.org/html/rfc9110#section-15.5.14'],
  415: ['Unsupported Media Type', 'https://tools.ietf.org/html/rfc9110#section-15.5.16'],
  422: ['Unprocessable Entity', 'https://tools.ietf.org/html/rfc9110#section-15.5.21'],
  500: [
    'An error occurred while processing your request.',
    'https://tools.ietf.org/html/rfc9110#section-15.6.1',
  ],
  502: ['Bad Gateway', 'https://tools.ietf.org/html/rfc9110#section-15.6.3'],
  503: ['Service Unavailable', 'https://tools.ietf.org/html/rfc9110#section-15.6.4'],
  504: ['Gateway Timeout', 'https://tools.ietf.org/html/rfc9110#section-15.6.5'],
};

/** The field ASP.NET names for a body that is not JSON at all. */
const FIELD_BY_CODE: Record<string, string> = { INVALID_JSON: '$' };

function retryHeaders(seconds: number | undefined): Record<string, string> | undefined {
  if (seconds === undefined) return undefined;
  // `x-retry-after` is ShipBob's (docs/dialects/wms.md); `retry-after` is added because generic
  // clients and the chaos engine read the standard one. GUESS: ShipBob may send only the x- one.
  return { 'x-retry-after': String(seconds), 'retry-after': String(seconds) };
}

/**
 * @example shipbobErrors.error(400, 'Required', { field: 'reference_id' }).body
 * // { reference_id: ['Required'] }
 * @example shipbobErrors.error(404, 'Order 7 not found').body
 * // { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, detail: 'Order 7 not found' }
 */
export const shipbobErrors: DialectErrors = {
  error(status, detail, options): SimResponse {
    const headers = retryHeaders(options?.retryAfterSeconds);
    if (status === 429) {
      const seconds = options?.retryAfterSeconds ?? 1;
      return {
        status,
        headers: { ...retryHeaders(seconds), 'x-remaining-calls': '0' },
        body: {
          statusCode: 429,
          message: `Rate limit is exceeded. Try again in ${seconds} seconds.`,
        },
      };
    }
    const field = options?.field ?? (options?.code ? FIELD_BY_CODE[options.code] : undefined);
    if ((status === 400 || status === 422) && field !== undefined)
      return { status, headers, body: { [field]: [detail] } };
    const [title, type] = TITLES[status] ?? [
      status >= 500 ? 'Server Error' : 'Client Error',
      'about:blank',
    ];
    return { status, headers, body: { type, title, status, detail } };
  },
};

/**
 * Is this body one of ShipBob's error shapes? (Tests and fuzzers use it.)
 *
 * @example isShipBobError(422, { reference_id: ['taken'] }) // true
 */
export function isShipBobError(status: number, body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  if (status === 429) return b.statusCode === 429 && typeof b.message === 'string';
  if (typeof b.title === 'string' && b.status === status && typeof b.type === 'string') return true;
  const values = Object.values(b);
  return (
    (status === 400 || status === 422) &&
    values.length > 0 &&
    values.every((v) => Array.isArray(v) && v.length > 0 && v.every((m) => typeof m === 'string'))
  );
}

/**
 * Throw a ShipBob validation error (field → messages) from deep inside a handler.
 *
 * @example invalid('recipient.name', 'The Name field is required.')
 */
export function invalid(field: string, message: string, status: 400 | 422 = 400): never {
  throw new SimError(shipbobErrors.error(status, message, { field }));
}

/** A ProblemDetails 404. */
export function notFound(detail: string): never {
  throw new SimError(shipbobErrors.error(404, detail));
}
