import { SimError, type DialectErrors } from '../core/errors.js';

/**
 * Square's error envelope (docs/dialects/pos.md): `{ errors: [{ category, code, detail, field? }] }`,
 * the HTTP status matching the first error. The core and the chaos engine ask for "a 503 with
 * Retry-After"; this answers in Square's words.
 */

/** The default `code` for a status when the caller names none. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'GENERIC_DECLINE',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Codes whose category is not the one their status implies (ErrorCategory, docs/dialects/pos.md). */
const CATEGORY_BY_CODE: Record<string, string> = {
  GENERIC_DECLINE: 'PAYMENT_METHOD_ERROR',
  CARD_DECLINED: 'PAYMENT_METHOD_ERROR',
  CVV_FAILURE: 'PAYMENT_METHOD_ERROR',
  ADDRESS_VERIFICATION_FAILURE: 'PAYMENT_METHOD_ERROR',
  INVALID_EXPIRATION: 'PAYMENT_METHOD_ERROR',
  INSUFFICIENT_FUNDS: 'PAYMENT_METHOD_ERROR',
  REFUND_AMOUNT_INVALID: 'REFUND_ERROR',
  REFUND_ALREADY_PENDING: 'REFUND_ERROR',
  PAYMENT_NOT_REFUNDABLE: 'REFUND_ERROR',
  REFUND_DECLINED: 'REFUND_ERROR',
  // GUESS: Square does not say which category this code travels with.
  REFUND_ERROR_PAYMENT_NEEDS_COMPLETION: 'REFUND_ERROR',
};

/** The core's generic codes, spelled as Square spells them. */
const CORE_CODES: Record<string, string> = {
  // GUESS: the exact code Square gives malformed JSON is not documented; BAD_REQUEST is the
  // generic one (EXPECTED_JSON_BODY is used when there is no body at all).
  INVALID_JSON: 'BAD_REQUEST',
};

function categoryOf(status: number, code: string): string {
  const byCode = CATEGORY_BY_CODE[code];
  if (byCode) return byCode;
  if (status === 401 || status === 403) return 'AUTHENTICATION_ERROR';
  if (status === 429) return 'RATE_LIMIT_ERROR';
  if (status === 402) return 'PAYMENT_METHOD_ERROR';
  if (status >= 500) return 'API_ERROR';
  return 'INVALID_REQUEST_ERROR';
}

/**
 * @example squareErrors.error(404, 'Order `X` not found.').body
 * // { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: 'Order `X` not found.' }] }
 */
export const squareErrors: DialectErrors = {
  error(status, detail, options) {
    const raw =
      options?.code ??
      CODE_BY_STATUS[status] ??
      (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
    const code = CORE_CODES[raw] ?? raw;
    const error: Record<string, string> = { category: categoryOf(status, code), code, detail };
    if (options?.field) error.field = options.field;
    const headers =
      options?.retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(options.retryAfterSeconds) };
    return { status, headers, body: { errors: [error] } };
  },
};

/**
 * Throw a Square 4xx from deep inside a handler.
 *
 * @example fail(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', 'idempotency_key')
 */
export function fail(status: number, code: string, detail: string, field?: string): never {
  throw new SimError(squareErrors.error(status, detail, { code, field }));
}

/** A Square 404 for an object that does not exist (or is still on an offline till). */
export function notFound(kind: string, id: string): never {
  return fail(404, 'NOT_FOUND', `Could not find ${kind} with id \`${id}\`.`);
}
