import { text, type ExchangeReader } from '../core/exchange-reading.js';

/**
 * The business reading of a Shopify Admin GraphQL exchange: every call is a POST to one path, so
 * a GraphQL `query` (journaled as `gqlType`) is a read and only a `mutation` is a write; a write
 * is about the order it names (a fulfillment annotates `orderId`). The mutations this dialect
 * serves take no idempotency key (GUESS: none of the modelled 2025-01 mutations declares one), so
 * a write has no `writeKey` and the retry checks treat it as keyless.
 *
 * @example storefrontExchange({ sys: 'storefront', method: 'POST', op: 'graphql', gqlType: 'query' }) // { read: true }
 */
export const storefrontExchange: ExchangeReader = (e) => ({
  ref: text(e.orderId),
  read: e.gqlType === 'query' ? true : undefined,
});
