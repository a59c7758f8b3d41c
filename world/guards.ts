/**
 * Rejects an index that addresses nothing, with a message that says what would. Orders and sales
 * are unbounded (`bound` undefined): any non-negative safe integer addresses one.
 *
 * @example checkIndex('customer', 50, 50) // throws "customer index must be an integer in 0..49, got 50"
 */
export function checkIndex(kind: string, index: number, bound?: number): void {
  const ok = Number.isSafeInteger(index) && index >= 0 && (bound === undefined || index < bound);
  if (ok) return;
  if (bound === 0) throw new Error(`[omnichaos:world] no ${kind} ${index}: this world has none`);
  const range =
    bound === undefined ? 'a non-negative safe integer' : `an integer in 0..${bound - 1}`;
  throw new Error(`[omnichaos:world] ${kind} index must be ${range}, got ${index}`);
}

/**
 * Freezes a graph of plain data in place. One world is shared by every simulator of a run, so an
 * accidental edit in one (say, a price) must fail loudly instead of leaking into the others.
 *
 * @example deepFreeze(worldCredentials(42)).erp.accountId = 'x' // TypeError in strict mode
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
