import type { Line, RunModel } from '../model.js';

/**
 * Defensive readers for journal fields: a journal is a file (hand-edited, torn, or written by
 * another version), so the fold never trusts a field's type blindly.
 */

/** A non-empty string, else undefined (an empty reference links nothing). */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : undefined;

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** Lines as SKU and units (anything else on a line is ignored). */
export function lines(v: unknown): Line[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((l: { sku?: unknown; quantity?: unknown }) => ({
    sku: String(l.sku ?? ''),
    quantity: Number(l.quantity ?? 0),
  }));
}

export function setOf(sets: Map<string, Set<string>>, key: string): Set<string> {
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new Set()));
  return set;
}

/**
 * The business day (YYYY-MM-DD, UTC) of an ISO timestamp, else of scenario ms `t`.
 *
 * @example dayOf('2026-11-27T05:03:00Z', 0) // '2026-11-27'
 */
export function dayOf(iso: unknown, t: number): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : typeof iso === 'number' ? iso : NaN;
  return new Date(Number.isFinite(ms) ? ms : t).toISOString().slice(0, 10);
}

/**
 * Record a business effect that carries `value` when `value` is a claim only a forged delivery
 * made (webhooks.forged-accepted): `orderId` names the order it is filed under (the value itself
 * when the forged claim is the order's id).
 */
export function forgedEffect(
  m: RunModel,
  value: string | undefined,
  e: { t: number },
  orderId = value,
): void {
  if (value === undefined || m.forged.claims.size === 0) return;
  const eventId = m.forged.claims.get(value);
  if (eventId !== undefined)
    m.forgedEffects.push({ orderId: orderId!, claim: value, eventId, t: e.t });
}
