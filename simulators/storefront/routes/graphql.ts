import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
} from 'graphql';
import { route, type RouteContext, type RouteDefinition } from '../../core/define-simulator.js';
import { SimError } from '../../core/errors.js';
import type { SimResponse } from '../../core/types.js';
import { SINGLE_QUERY_MAX_COST } from '../config.js';
import { queryCost } from '../cost.js';
import { rootValue, type RequestScope } from '../resolvers.js';
import { API_VERSION, storefrontSchema } from '../schema.js';
import type { StorefrontState } from '../state.js';
import { bucketFor, secondsUntil, throttleStatus } from '../throttle.js';

/**
 * `POST /admin/api/2025-01/graphql.json` (https://shopify.dev/docs/api/admin-graphql): the body is
 * `{ query, variables, operationName }` as JSON (or the bare query as `application/graphql`).
 * Parse, validation and variable errors answer 200 with top-level `errors`; a query over the
 * single-query ceiling answers MAX_COST_EXCEEDED; one the bucket cannot cover answers THROTTLED
 * (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits). Every response carries
 * `extensions.cost` with `requestedQueryCost`, `actualQueryCost` and `throttleStatus`.
 */
type Ctx = RouteContext<StorefrontState>;

/** GUESS: graphql-ruby's codes for the validation failures a client most often hits. */
function validationCode(message: string): string {
  if (message.startsWith('Cannot query field')) return 'undefinedField';
  if (message.startsWith('Unknown argument')) return 'argumentNotAccepted';
  if (/argument .* is required/.test(message)) return 'missingRequiredArguments';
  if (message.startsWith('Unknown type')) return 'undefinedType';
  if (message.includes('Variable')) return 'variableMismatch';
  if (message.includes('Expected value of type') || message.includes('cannot represent'))
    return 'argumentLiteralsIncompatible';
  return 'validationFailed';
}

function format(e: GraphQLError, code?: string): GraphQLFormattedError {
  const f = e.toJSON();
  return code && !f.extensions?.code ? { ...f, extensions: { ...f.extensions, code } } : f;
}

interface Body {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

function readBody(ctx: Ctx): Body {
  // Shopify's answer to a request without a usable query (REST-style body).
  const missing = () =>
    new SimError({
      ...ctx.errors.error(400, ''),
      body: { errors: { query: 'Required parameter missing or invalid' } },
    });
  const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/graphql')) {
    if (!ctx.req.rawBody.trim()) throw missing();
    return { query: ctx.req.rawBody, variables: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(ctx.req.rawBody);
  } catch {
    throw missing();
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw missing();
  const { query, variables, operationName } = raw as Record<string, unknown>;
  if (typeof query !== 'string' || !query.trim()) throw missing();
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    throw missing();
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    throw missing();
  return {
    query,
    variables: (variables as Record<string, unknown> | null) ?? {},
    ...(typeof operationName === 'string' ? { operationName } : {}),
  };
}

async function handle(ctx: Ctx): Promise<SimResponse> {
  const { state } = ctx;
  if (ctx.params.version !== API_VERSION)
    // GUESS: the simulator serves one version; Shopify would fall back to a supported one.
    throw new SimError(ctx.errors.error(404, 'Not Found'));
  const body = readBody(ctx);
  const credential = ctx.credential ?? 'anonymous';
  const bucket = bucketFor(state, credential, ctx.clock.wallNow());
  const respond = (
    payload: Record<string, unknown>,
    cost: { requested: number; actual: number | null },
    status = 200,
    headers: Record<string, string> = {},
  ): SimResponse => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: {
      ...payload,
      extensions: {
        ...(payload.extensions as object | undefined),
        cost: {
          requestedQueryCost: cost.requested,
          actualQueryCost: cost.actual,
          throttleStatus: throttleStatus(state, bucket),
        },
      },
    },
  });
  const schema = storefrontSchema();
  let document: DocumentNode;
  try {
    document = parse(body.query, { maxTokens: 20_000 });
  } catch (e) {
    const err = e instanceof GraphQLError ? e : new GraphQLError(String(e));
    return respond({ errors: [format(err, 'parseError')] }, { requested: 0, actual: 0 });
  }
  const invalid = validate(schema, document, undefined, { maxErrors: 20 });
  if (invalid.length > 0)
    return respond(
      { errors: invalid.map((e) => format(e, validationCode(e.message))) },
      { requested: 0, actual: 0 },
    );
  const operation = getOperationAST(document, body.operationName);
  if (!operation)
    return respond(
      {
        errors: [
          format(
            new GraphQLError(
              body.operationName
                ? `No operation named "${body.operationName}"`
                : 'An operation name is required',
            ),
            'operationNotFound',
          ),
        ],
      },
      { requested: 0, actual: 0 },
    );
  if (operation.operation === 'subscription')
    return respond(
      { errors: [format(new GraphQLError('Subscriptions are not supported.'), 'unsupported')] },
      { requested: 0, actual: 0 },
    );
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables);
  if (coerced.errors)
    return respond(
      { errors: coerced.errors.map((e) => format(e, 'INVALID_VARIABLE')) },
      { requested: 0, actual: 0 },
    );
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const requested = queryCost(schema, operation, fragments, coerced.coerced);
  const ops = operation.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.name.value] : [],
  );
  ctx.annotate({ gql: ops.join(','), gqlType: operation.operation, requestedQueryCost: requested });
  if (requested > SINGLE_QUERY_MAX_COST)
    return respond(
      {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
            extensions: {
              code: 'MAX_COST_EXCEEDED',
              cost: requested,
              maxCost: SINGLE_QUERY_MAX_COST,
            },
          },
        ],
      },
      { requested, actual: null },
    );
  if (state.config.throttle && bucket.available < requested) {
    ctx.annotate({ throttled: true });
    const status = state.config.throttledStatus;
    return respond(
      {
        errors: [
          {
            message: 'Throttled',
            extensions: {
              code: 'THROTTLED',
              documentation: 'https://shopify.dev/api/usage/rate-limits',
            },
          },
        ],
      },
      { requested, actual: null },
      status,
      status === 429
        ? { 'retry-after': Math.ceil(secondsUntil(state, bucket, requested)).toString() }
        : {},
    );
  }
  bucket.available -= requested;
  const scope: RequestScope = { search: [], annotate: (f) => ctx.annotate(f) };
  const result = await execute({
    schema,
    document,
    rootValue: rootValue(ctx, scope),
    variableValues: body.variables,
    ...(body.operationName ? { operationName: body.operationName } : {}),
  });
  for (const e of result.errors ?? []) {
    // A resolver that threw something other than a GraphQL error is a simulator bug: let the
    // pipeline turn it into a 500 and `sim:crashed` instead of hiding it in `errors`.
    if (e.originalError && !(e.originalError instanceof GraphQLError)) throw e.originalError;
  }
  const actual =
    operation.operation === 'mutation'
      ? requested
      : Math.min(
          requested,
          queryCost(schema, operation, fragments, coerced.coerced, result.data ?? null),
        );
  bucket.available = Math.min(state.config.bucketSize, bucket.available + (requested - actual));
  ctx.annotate({ actualQueryCost: actual });
  return respond(
    {
      ...(result.errors ? { errors: result.errors.map((e) => format(e)) } : {}),
      data: result.data ?? null,
      ...(scope.search.length > 0 ? { extensions: { search: scope.search } } : {}),
    },
    { requested, actual },
  );
}

export const graphqlRoutes: readonly RouteDefinition<StorefrontState>[] = [
  route('POST', '/admin/api/:version/graphql.json', 'graphql', handle, { body: 'text' }),
];
