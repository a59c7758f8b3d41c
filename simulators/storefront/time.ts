/** Shopify's GraphQL `DateTime`: ISO 8601 in UTC without milliseconds, e.g. `2025-01-01T10:00:00Z`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The REST/webhook timestamp form, with an explicit offset (GUESS: the shop's zone is UTC). */
export function restTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
