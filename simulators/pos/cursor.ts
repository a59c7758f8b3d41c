import { fail } from './errors.js';

/**
 * Opaque pagination cursors (docs/dialects/pos.md: pass back `cursor`; absent means the last page).
 * They are base64url JSON so nothing outside this file depends on their shape; a cursor that does
 * not decode, or was made for another endpoint, is Square's 400 INVALID_CURSOR.
 */

/** @example encodeCursor('catalog', { o: 100 }) */
export function encodeCursor(kind: string, data: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ k: kind, ...data })).toString('base64url');
}

/** @example decodeCursor(body.cursor, 'catalog') // { k: 'catalog', o: 100 } */
export function decodeCursor(raw: unknown, kind: string): Record<string, unknown> {
  if (typeof raw !== 'string' || raw.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(raw))
    return fail(400, 'INVALID_CURSOR', 'The cursor is not valid.', 'cursor');
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    data = undefined;
  }
  if (!data || typeof data !== 'object' || (data as { k?: unknown }).k !== kind)
    fail(400, 'INVALID_CURSOR', 'The cursor is not valid.', 'cursor');
  return data as Record<string, unknown>;
}

/** A non-negative integer field of a decoded cursor. */
export function cursorInt(data: Record<string, unknown>, key: string): number {
  const v = data[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail(400, 'INVALID_CURSOR', 'The cursor is not valid.', 'cursor');
  return v;
}

/**
 * A non-negative finite number of a decoded cursor: a sort key. Scenario time on a real clock
 * carries fractional milliseconds (wall time × speed), so keys are decimals, not integers.
 */
export function cursorNum(data: Record<string, unknown>, key: string): number {
  const v = data[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    fail(400, 'INVALID_CURSOR', 'The cursor is not valid.', 'cursor');
  return v;
}
