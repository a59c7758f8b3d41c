import { SimError, type DialectErrors, type DialectErrorOptions } from '../core/errors.js';
import type { SimResponse } from '../core/types.js';

/**
 * NetSuite REST error bodies (docs/dialects/erp.md, Oracle "Error Handling in REST Web
 * Services", section_156570709583):
 * `{ type, title, status, "o:errorDetails": [{ detail, "o:errorCode", "o:errorPath"? … }] }`.
 */
export const ERROR_CONTENT_TYPE = 'application/vnd.oracle.resource+json; type=error';

const RFC2616 = 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html';

/** RFC 2616 §10 section per status: NetSuite's `type` points at the status's own section. */
const SECTION: Record<number, string> = {
  400: '10.4.1',
  402: '10.4.3',
  403: '10.4.4',
  404: '10.4.5',
  405: '10.4.6',
  406: '10.4.7',
  408: '10.4.9',
  409: '10.4.10',
  410: '10.4.11',
  411: '10.4.12',
  412: '10.4.13',
  413: '10.4.14',
  414: '10.4.15',
  415: '10.4.16',
  500: '10.5.1',
  501: '10.5.2',
  502: '10.5.3',
  503: '10.5.4',
  504: '10.5.5',
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * GUESS: NetSuite's exact REST code for exceeding the account concurrency limit is not published
 * (docs/dialects/erp.md); SOAP says WS_CONCUR_SESSION_DISALLWD / "Request blocked".
 */
export const CONCURRENCY_CODE = 'CONCURRENCY_LIMIT_EXCEEDED';

/** Default `o:errorCode` per status. 401/404/400 codes are documented; the rest are GUESSES. */
const DEFAULT_CODE: Record<number, string> = {
  400: 'USER_ERROR',
  401: 'INVALID_LOGIN',
  403: 'INSUFFICIENT_PERMISSION',
  404: 'NONEXISTENT_ID',
  405: 'INVALID_REQUEST', // GUESS
  409: 'USER_ERROR', // GUESS
  413: 'REQUEST_TOO_LARGE', // GUESS
  415: 'UNSUPPORTED_MEDIA_TYPE', // GUESS
  429: CONCURRENCY_CODE,
  500: 'UNEXPECTED_ERROR', // GUESS (the SOAP code of the same meaning)
  502: 'UNEXPECTED_ERROR', // GUESS
  503: 'SERVICE_UNAVAILABLE', // GUESS
  504: 'UNEXPECTED_ERROR', // GUESS
};

/** Codes other parts of omnichaos use, spelled the NetSuite way at this boundary. */
const FOREIGN_CODES: Record<string, string> = {
  // GUESS: NetSuite answers unparsable JSON bodies with INVALID_CONTENT, like other body errors.
  INVALID_JSON: 'INVALID_CONTENT',
};

/** Where in the request the error points (NetSuite names each location separately). */
export interface NetSuiteErrorOptions {
  code?: string;
  /** JSON path in the body → `o:errorPath`. */
  path?: string;
  /** Query parameter → `o:errorQueryParam`. */
  queryParam?: string;
  /** Header → `o:errorHeader`. */
  header?: string;
  retryAfterSeconds?: number;
  headers?: Record<string, string>;
}

/**
 * The `type` URL: 401 has no fragment in Oracle's own example; 429 is not in RFC 2616.
 *
 * @example errorTypeUrl(404) // '…rfc2616-sec10.html#sec10.4.5'
 */
export function errorTypeUrl(status: number): string {
  if (status === 429) return 'https://tools.ietf.org/html/rfc6585#section-4';
  const section = SECTION[status];
  return section ? `${RFC2616}#sec${section}` : RFC2616;
}

/**
 * One NetSuite error response.
 *
 * @example netsuiteError(404, 'The record instance does not exist.', { path: 'id' })
 */
export function netsuiteError(
  status: number,
  detail: string,
  options: NetSuiteErrorOptions = {},
): SimResponse {
  const code =
    options.code && Object.hasOwn(FOREIGN_CODES, options.code)
      ? FOREIGN_CODES[options.code]
      : options.code;
  const entry: Record<string, string> = {
    detail,
    'o:errorCode':
      code ?? DEFAULT_CODE[status] ?? (status >= 500 ? 'UNEXPECTED_ERROR' : 'USER_ERROR'),
  };
  if (options.path) entry['o:errorPath'] = options.path;
  if (options.queryParam) entry['o:errorQueryParam'] = options.queryParam;
  if (options.header) entry['o:errorHeader'] = options.header;
  const headers: Record<string, string> = {
    'content-type': ERROR_CONTENT_TYPE,
    ...options.headers,
  };
  if (options.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(options.retryAfterSeconds);
  return {
    status,
    headers,
    body: {
      type: errorTypeUrl(status),
      title: TITLE[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request'),
      status,
      'o:errorDetails': [entry],
    },
  };
}

/**
 * Throw a NetSuite error from anywhere inside a handler (the pipeline answers it).
 *
 * @example fail(400, 'Please enter value(s) for: Customer', { code: 'USER_ERROR', path: 'entity' })
 */
export function fail(status: number, detail: string, options?: NetSuiteErrorOptions): never {
  throw new SimError(netsuiteError(status, detail, options));
}

/** The detail Oracle documents for a bad or missing login. */
export const INVALID_LOGIN_DETAIL =
  'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.';

/**
 * The `DialectErrors` the core and the chaos engine use: any status, NetSuite's shape.
 *
 * @example netsuiteErrors.error(503, 'Service unavailable.', { retryAfterSeconds: 30 })
 */
export const netsuiteErrors: DialectErrors = {
  error: (status: number, detail: string, options?: DialectErrorOptions) =>
    netsuiteError(status, detail, {
      code: options?.code,
      path: options?.field,
      retryAfterSeconds: options?.retryAfterSeconds,
    }),
};

/**
 * The 404 for an id or `eid:` that names no record. GUESS on the exact wording (from memory of
 * live responses; not in the corpora).
 *
 * @example throw notFound('salesOrder', 'eid:A-1')
 */
export function notFound(type: string, id: string): SimError {
  return new SimError(
    netsuiteError(
      404,
      `The record instance does not exist. Provide a valid record instance ID. (${type} ${id})`,
      { code: 'NONEXISTENT_ID', path: 'id' },
    ),
  );
}
