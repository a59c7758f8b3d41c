import type { SimRequest } from '../core/types.js';

/**
 * NetSuite wire helpers: the service base URL a client reached, HATEOAS links, references,
 * money in decimal dollars, the Prefer header.
 */

export const SINGULAR = 'application/vnd.oracle.resource+json; type=singular';
export const COLLECTION = 'application/vnd.oracle.resource+json; type=collection';

export interface Link {
  rel: string;
  href: string;
}

/**
 * The host a real account answers on: `TSTDRV123_SB1` → `tstdrv123-sb1.suitetalk.api.netsuite.com`.
 *
 * @example accountHost('TSTDRV1_SB1') // 'tstdrv1-sb1.suitetalk.api.netsuite.com'
 */
export function accountHost(accountId: string): string {
  return `${accountId.toLowerCase().replace(/_/g, '-')}.suitetalk.api.netsuite.com`;
}

/**
 * `<scheme>://<host><prefix>/services/rest` as the client addressed it: the Host header (and
 * X-Forwarded-Proto/-Host/-Prefix when a proxy or mount says so). Without a Host header (msw,
 * in-process) it is the account's real NetSuite host.
 *
 * @example serviceBase(req, 'TSTDRV1') // 'http://127.0.0.1:4001/services/rest'
 */
export function serviceBase(req: SimRequest, accountId: string): string {
  const h = req.headers;
  const host = h['x-forwarded-host'] ?? h.host;
  if (!host) return `https://${accountHost(accountId)}/services/rest`;
  const proto = h['x-forwarded-proto'] ?? 'http';
  const prefix = (h['x-forwarded-prefix'] ?? '').replace(/\/$/, '');
  return `${proto}://${host}${prefix}/services/rest`;
}

/**
 * `[{ rel: 'self', href }]`
 *
 * @example selfLinks(url) // [{ rel: 'self', href: url }]
 */
export function selfLinks(href: string): Link[] {
  return [{ rel: 'self', href }];
}

/**
 * URL of one record.
 *
 * @example recordUrl(base, 'salesOrder', 12) // '…/services/rest/record/v1/salesOrder/12'
 */
export function recordUrl(base: string, type: string, id: number | string): string {
  return `${base}/record/v1/${type}/${id}`;
}

/**
 * A reference as GET renders it: `{ links, id, refName }` (docs/dialects/erp.md).
 *
 * @example refOf(base, 'customer', 3, 'Acme') // { links: [{ rel: 'self', … }], id: '3', refName: 'Acme' }
 */
export function refOf(
  base: string,
  type: string,
  id: number | string,
  refName?: string,
): Record<string, unknown> {
  const ref: Record<string, unknown> = {
    links: selfLinks(recordUrl(base, type, id)),
    id: String(id),
  };
  if (refName !== undefined) ref.refName = refName;
  return ref;
}

/**
 * Cents → NetSuite's decimal currency amount.
 *
 * @example dollars(1999) // 19.99
 */
export function dollars(cents: number): number {
  return Math.round(cents) / 100;
}

/**
 * A decimal amount from a body → cents, or undefined when it is not a finite number ≥ 0.
 *
 * @example centsOf(19.99) // 1999; centsOf('19.99') // undefined
 */
export function centsOf(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e12)
    return undefined;
  return Math.round(value * 100);
}

/**
 * Tokens of the Prefer header (RFC 7240: comma-separated), lower-case.
 *
 * @example preferTokens(req).has('respond-async')
 */
export function preferTokens(req: SimRequest): Set<string> {
  const raw = req.headers.prefer ?? '';
  return new Set(
    raw
      .split(',')
      .map((t) => t.split(';')[0]!.trim().toLowerCase())
      .filter((t) => t.length > 0),
  );
}

/**
 * `YYYY-MM-DD` of a scenario instant (UTC).
 *
 * @example isoDate(Date.UTC(2026, 10, 27)) // '2026-11-27'
 */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` (NetSuite renders timestamps without milliseconds).
 *
 * @example isoTimestamp(Date.UTC(2026, 10, 27)) // '2026-11-27T00:00:00Z'
 */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
