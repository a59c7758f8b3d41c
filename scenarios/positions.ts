import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';

/**
 * From a path in the parsed data (`['faults', 2, 'window', 'from']`) back to where it is written in
 * the file. The YAML document keeps every node's source range; the line counter turns an offset
 * into line and column (both 1-based, as editors count).
 */

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * What to point at: the value at the path, its key (unknown keys, misplaced keys), or the mapping
 * that should contain it (missing keys).
 */
export type PositionTarget = 'value' | 'key' | 'parent';

interface Located {
  node: Node;
  /** The key node the last step went through, when it was a mapping key. */
  key?: Node;
}

/** One step down: a mapping key or a list index. Undefined when the path leaves the document. */
function step(doc: Document, node: Node, segment: PropertyKey): Located | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    const pair = target.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
    );
    if (!pair || !isScalar(pair.key)) return undefined;
    // `key:` with nothing after it has an empty null scalar just past the colon: point at the key.
    const value = pair.value as Node | null;
    const empty = !value?.range || value.range[0] === value.range[1];
    return { node: empty ? pair.key : value, key: pair.key };
  }
  if (isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment] as Node | undefined;
    return item ? { node: item } : undefined;
  }
  return undefined;
}

/**
 * The source position for `path`, or for the deepest part of it that exists in the file.
 *
 * @example
 * const lineCounter = new LineCounter();
 * const doc = parseDocument('clock:\n  duration: 2h\n', { lineCounter });
 * positionOf(doc, lineCounter, ['clock', 'duration'], 'value') // { line: 2, column: 13 }
 */
export function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  target: PositionTarget,
): SourcePosition {
  const walk = target === 'parent' ? path.slice(0, -1) : path;
  const root = doc.contents as Node | null;
  if (!root?.range) return { line: 1, column: 1 };
  let here: Located = { node: root };
  for (const segment of walk) {
    const next = step(doc, here.node, segment);
    if (!next) break;
    here = next;
  }
  const node = target === 'key' && here.key ? here.key : here.node;
  const { line, col } = lineCounter.linePos(node.range?.[0] ?? 0);
  return { line, column: col };
}
