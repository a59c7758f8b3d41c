import fc from 'fast-check';

/**
 * Values shaped like a vendor's request bodies: the vendor's own keys nested a few levels deep,
 * with leaves drawn from `plausible` (near-valid values: ids, edge numbers, huge strings) or any
 * JSON — the shared generator of the dialects' fuzz suites.
 *
 * @example const shaped = vendorShaped(['reference_id', 'quantity'], fc.constantFrom(0, -1, 'x'))
 */
export function vendorShaped(
  keys: readonly string[],
  plausible: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  return fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      plausible,
      fc.jsonValue({ maxDepth: 2 }),
      fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 6 }),
      fc.array(tie('node'), { maxLength: 4 }),
    ),
  })).node;
}
