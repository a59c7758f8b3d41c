import { SimError, type DialectErrors } from '../core/errors.js';

/**
 * SP-API's error envelope (docs/dialects/marketplace.md): `{ errors: [{ code, message, details }] }` with
 * an `x-amzn-ErrorType` header. The core and the chaos engine ask for "a 503 with Retry-After";
 * this answers in Amazon's words.
 */

/** The default `code` for a status when the caller names none. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'InvalidInput',
  401: 'Unauthorized',
  403: 'Unauthorized',
  404: 'NotFound',
  // GUESS: Amazon's codes for 405/413/415 are not in the models.
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  429: 'QuotaExceeded',
  500: 'InternalFailure',
  503: 'ServiceUnavailable',
};

/** Messages Amazon uses verbatim for these codes (docs/dialects/marketplace.md). */
const FIXED_MESSAGES: Record<string, string> = {
  Unauthorized: 'Access to requested resource is denied.',
  QuotaExceeded: 'You exceeded your quota for the requested resource.',
};

/** GUESS: the `x-amzn-ErrorType` values, from API Gateway's conventions. */
const ERROR_TYPE_BY_CODE: Record<string, string> = {
  Unauthorized: 'AccessDeniedException',
  QuotaExceeded: 'QuotaExceededException',
  InvalidInput: 'ValidationException',
  NotFound: 'NotFoundException',
  InternalFailure: 'InternalFailureException',
  ServiceUnavailable: 'ServiceUnavailableException',
};

/** The core's generic codes, spelled as Amazon spells them. */
const CORE_CODES: Record<string, string> = { INVALID_JSON: 'InvalidInput' };

/**
 * @example spErrors.error(429, 'slow down').body
 * // { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] }
 */
export const spErrors: DialectErrors = {
  error(status, detail, options) {
    const raw =
      options?.code ??
      CODE_BY_STATUS[status] ??
      (status >= 500 ? 'InternalFailure' : 'InvalidInput');
    const code = CORE_CODES[raw] ?? raw;
    const message = FIXED_MESSAGES[code] ?? detail;
    const details = options?.field ?? '';
    const headers: Record<string, string> = {
      'x-amzn-errortype': ERROR_TYPE_BY_CODE[code] ?? 'ValidationException',
    };
    if (options?.retryAfterSeconds !== undefined)
      headers['retry-after'] = String(options.retryAfterSeconds);
    return { status, headers, body: { errors: [{ code, message, details }] } };
  },
};

/**
 * Throw an SP-API 4xx from deep inside a handler.
 *
 * @example fail(400, 'InvalidInput', 'MarketplaceIds is required.', 'MarketplaceIds')
 */
export function fail(status: number, code: string, message: string, field?: string): never {
  throw new SimError(spErrors.error(status, message, { code, field }));
}

/** 400 InvalidInput naming the offending parameter. */
export function invalid(message: string, field?: string): never {
  return fail(400, 'InvalidInput', message, field);
}
