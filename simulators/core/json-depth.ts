/**
 * Nesting depth of a JSON text, measured on the raw characters before anything walks the parsed
 * value. Simulator code walks request bodies recursively (idempotency fingerprints, query hashes,
 * validators); a body nested thousands of levels deep would overflow the stack there and answer
 * 500. Bodies deeper than `MAX_JSON_DEPTH` are refused up front as malformed, as vendors refuse
 * them (GUESS: no vendor we simulate documents its limit; real payloads nest fewer than 20 levels).
 */
export const MAX_JSON_DEPTH = 128;

/**
 * True when `text` nests objects/arrays deeper than `max`. Brackets inside strings do not count.
 *
 * @example tooDeep('[[[1]]]', 2) // true
 */
export function tooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  // A text shorter than 2·max characters cannot open more than max brackets and close them.
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}
