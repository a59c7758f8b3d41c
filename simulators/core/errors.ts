import type { SimResponse } from './types.js';

/**
 * How a dialect spells its errors. The core and the chaos engine ask for "a 404" or "a 503 with
 * Retry-After"; each vendor answers in its own shape (Square `errors[]`, SP-API `errors[]` with
 * `code/message`, NetSuite `o:errorDetails`, ShipBob problem details).
 */
export interface DialectErrors {
  /**
   * @param status HTTP status
   * @param detail a human sentence, used as the vendor's message/detail
   * @param options vendor code override, offending field, Retry-After seconds
   */
  error(status: number, detail: string, options?: DialectErrorOptions): SimResponse;
}

export interface DialectErrorOptions {
  code?: string;
  field?: string;
  retryAfterSeconds?: number;
}

/**
 * Thrown by a route handler to answer with a vendor error from deep inside business code.
 *
 * @example throw new SimError(errors.error(404, 'That record does not exist.'))
 */
export class SimError extends Error {
  constructor(readonly response: SimResponse) {
    super(`simulated error ${response.status}`);
  }
}
