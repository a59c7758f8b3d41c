import type { DialectErrors } from '../core/errors.js';

/**
 * Shopify's errors outside GraphQL execution (docs/dialects/storefront.md): the Admin API answers
 * HTTP-level failures with `{ "errors": "<message>" }` — e.g. 401 `[API] Invalid API key or access
 * token (unrecognized login or wrong password)` — and 429 with `Retry-After`
 * (https://shopify.dev/docs/api/usage/limits). Errors inside a GraphQL response are built in
 * graphql.ts (`errors[]` with `extensions.code`).
 */
export const shopifyErrors: DialectErrors = {
  error: (status, detail, options) => ({
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(options?.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': options.retryAfterSeconds.toFixed(1) }),
    },
    body: { errors: detail },
  }),
};

export const INVALID_TOKEN_MESSAGE =
  '[API] Invalid API key or access token (unrecognized login or wrong password)';
