import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Calculated query cost (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * every field has a cost — scalars and enums 0, objects 1, a connection 2 plus its page size times
 * the cost of one node, a mutation 10. The requested cost is the worst case (page sizes from
 * `first`/`last`); the actual cost counts what the response really held. GUESS: `edges`,
 * `pageInfo` and a connection's `nodes` wrapper are covered by the connection's 2; a list that is
 * not a connection costs its `first` (or its `names`) times one item, 1 when unbounded.
 */
type Data = Record<string, unknown> | null | undefined;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

const MUTATION_COST = 10;

/**
 * @example queryCost(schema, op, fragments, vars) // requested cost; pass `data` for the actual
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  const walk: Walk = { schema, fragments, variables };
  if (operation.operation === 'mutation') {
    // Each top-level mutation field costs 10, whatever its payload selects.
    let fields = 0;
    countTopFields(walk, operation.selectionSet, () => fields++);
    return fields * MUTATION_COST;
  }
  const root = schema.getQueryType()!;
  return selectionCost(walk, root, operation.selectionSet, data, data !== undefined);
}

function countTopFields(walk: Walk, set: SelectionSetNode, onField: () => void): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (!sel.name.value.startsWith('__')) onField();
    } else if (sel.kind === Kind.INLINE_FRAGMENT) countTopFields(walk, sel.selectionSet, onField);
    else {
      const frag = walk.fragments[sel.name.value];
      if (frag) countTopFields(walk, frag.selectionSet, onField);
    }
  }
}

function sizeArg(args: Record<string, unknown>): number | undefined {
  const n = args.first ?? args.last;
  if (typeof n === 'number') return Math.max(0, n);
  if (Array.isArray(args.names)) return args.names.length;
  return undefined;
}

function selectionCost(
  walk: Walk,
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  data: Data,
  actual: boolean,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition
        ? (walk.schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType | undefined)
        : parent;
      if (cond) total += selectionCost(walk, cond, sel.selectionSet, data, actual);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = walk.fragments[sel.name.value];
      const cond =
        frag && (walk.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType);
      if (frag && cond) total += selectionCost(walk, cond, frag.selectionSet, data, actual);
      continue;
    }
    const name = sel.name.value;
    if (name.startsWith('__') || !('getFields' in parent)) continue;
    const field = parent.getFields()[name] as GraphQLField<unknown, unknown> | undefined;
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named) || !sel.selectionSet) continue;
    const sub = data?.[sel.alias?.value ?? name];
    if (actual && (sub === null || sub === undefined)) continue;
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, sel, walk.variables);
    } catch {
      // validation already rejected bad arguments; cost them as unbounded
    }
    if (isObjectType(named) && named.name.endsWith('Connection')) {
      total += 2 + connectionNodesCost(walk, named, sel.selectionSet, sub as Data, actual, args);
      continue;
    }
    const composite = named as GraphQLCompositeType;
    if (isListType(getNullableType(field.type))) {
      if (actual) {
        for (const item of sub as Data[])
          total += 1 + selectionCost(walk, composite, sel.selectionSet, item, true);
      } else {
        const each = 1 + selectionCost(walk, composite, sel.selectionSet, undefined, false);
        total += (sizeArg(args) ?? 1) * each;
      }
      continue;
    }
    total += 1 + selectionCost(walk, composite, sel.selectionSet, sub as Data, actual);
  }
  return total;
}

/** The nodes of a connection: page size × one node (requested) or the nodes returned (actual). */
function connectionNodesCost(
  walk: Walk,
  conn: GraphQLCompositeType,
  set: SelectionSetNode,
  data: Data,
  actual: boolean,
  args: Record<string, unknown>,
): number {
  const nodeType = getNamedType(
    (conn as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields().nodes!
      .type,
  ) as GraphQLCompositeType;
  // The node selections, whether reached through `edges { node }` or `nodes`.
  const parts: { set: SelectionSetNode; path: 'edges' | 'nodes'; key: string }[] = [];
  const collect = (s: SelectionSetNode) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet);
      else if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = walk.fragments[sel.name.value];
        if (f) collect(f.selectionSet);
      } else if (sel.name.value === 'nodes' && sel.selectionSet)
        parts.push({ set: sel.selectionSet, path: 'nodes', key: sel.alias?.value ?? 'nodes' });
      else if (sel.name.value === 'edges' && sel.selectionSet) {
        for (const e of sel.selectionSet.selections)
          if (e.kind === Kind.FIELD && e.name.value === 'node' && e.selectionSet)
            parts.push({
              set: e.selectionSet,
              path: 'edges',
              key: `${sel.alias?.value ?? 'edges'}|${e.alias?.value ?? 'node'}`,
            });
      }
    }
  };
  collect(set);
  let best = 0;
  for (const part of parts) {
    let cost = 0;
    if (actual) {
      const items =
        part.path === 'nodes'
          ? ((data?.[part.key] as Data[] | undefined) ?? [])
          : ((data?.[part.key.split('|')[0]!] as Record<string, unknown>[] | undefined) ?? []).map(
              (e) => e?.[part.key.split('|')[1]!] as Data,
            );
      for (const item of items) cost += 1 + selectionCost(walk, nodeType, part.set, item, true);
    } else {
      cost = (sizeArg(args) ?? 0) * (1 + selectionCost(walk, nodeType, part.set, undefined, false));
    }
    best = Math.max(best, cost);
  }
  if (parts.length === 0 && !actual) best = sizeArg(args) ?? 0;
  return best;
}
