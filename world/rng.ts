import seedrandom from 'seedrandom';

/**
 * Seeded randomness for everything that must replay: world entities, fault decisions, demand.
 *
 * Two tools, on purpose:
 * - `unitHash(...parts)` is a pure function of its inputs → [0, 1). Fault decisions use it
 *   (`unitHash(seed, faultId, logicalKey, attempt)`) so the same logical request meets the same
 *   fate however requests interleave.
 * - `streamFor(seed, kind, index)` is a PRNG seeded for one entity, so entity i can be generated
 *   without generating 0..i-1 (the world is addressable).
 *
 * See docs/decisions/0002-prng.md for why alea and a 53-bit string hash.
 */

/** A stream of uniform numbers in [0, 1), seeded; `int`/`pick` are conveniences over it. */
export interface Rng {
  next(): number;
  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A fresh 32-bit unsigned integer, e.g. to seed faker for one entity. */
  uint32(): number;
}

/**
 * 53-bit hash of a string (cyrb53 construction: two 32-bit lanes mixed with Math.imul).
 * Deterministic on every platform; not cryptographic.
 */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Joins parts with a separator that cannot appear in numbers, so ("1","23") ≠ ("12","3"). */
function keyOf(parts: readonly (string | number)[]): string {
  return parts.join('\u001f');
}

/**
 * A pure function of its parts → [0, 1).
 *
 * @example unitHash(42, 'erp-outage', 'order:113-0001', 0) // 0.7391… every time
 */
export function unitHash(...parts: (string | number)[]): number {
  return hash53(keyOf(parts)) / 2 ** 53;
}

function wrap(prng: () => number): Rng {
  return {
    next: prng,
    int: (min, max) => min + Math.floor(prng() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('[omnichaos:rng] pick() from an empty list');
      return items[Math.floor(prng() * items.length)] as never;
    },
    uint32: () => Math.floor(prng() * 4294967296) >>> 0,
  };
}

/**
 * A PRNG seeded from `(seed, ...path)`. Entities use `streamFor(seed, kind, index)`.
 *
 * @example const r = streamFor(42, 'sku', 7); r.int(1, 6)
 */
export function streamFor(seed: number, ...path: (string | number)[]): Rng {
  return wrap(seedrandom.alea(keyOf([seed, ...path])));
}
