import { route, type RouteDefinition } from '../../core/define-simulator.js';
import { collectionPage, readPaging } from '../collection.js';
import { fail } from '../errors.js';
import type { ErpState } from '../state.js';
import { parseSuiteQl, SuiteQlError } from '../suiteql/parse.js';
import { runSuiteQl } from '../suiteql/run.js';
import type { Row } from '../suiteql/tables.js';
import { COLLECTION, preferTokens, serviceBase } from '../wire.js';
import type { ErpRouteContext } from './context.js';

/**
 * `POST /services/rest/query/v1/suiteql?limit=&offset=` with `Prefer: transient` and body
 * `{ "q": "SELECT …" }` (docs/dialects/erp.md). Values come back as strings, NULLs left out.
 */
const MAX_QUERY = 100_000;

function invalidQuery(detail: string): never {
  // GUESS: NetSuite's wording for a query it cannot run, with our reason appended.
  fail(
    400,
    `Invalid search query. Detailed unprocessed description follows. Search error occurred: ${detail}`,
    {
      code: 'INVALID_PARAMETER',
      queryParam: 'q',
    },
  );
}

function readQuery(body: unknown): string {
  const q = typeof body === 'object' && body !== null ? (body as { q?: unknown }).q : undefined;
  if (typeof q !== 'string' || q.trim().length === 0)
    fail(
      400,
      'Invalid content: the body must be an object with a "q" string holding the SuiteQL query.',
      {
        code: 'INVALID_CONTENT',
        path: 'q',
      },
    );
  if (q.length > MAX_QUERY) invalidQuery(`The query is longer than ${MAX_QUERY} characters.`);
  return q;
}

/** Render a row: strings, NULL columns omitted, an empty `links` like every collection item. */
function renderRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = { links: [] };
  for (const [k, v] of Object.entries(row)) if (v !== undefined) out[k] = String(v);
  return out;
}

function suiteql(ctx: ErpRouteContext) {
  if (!preferTokens(ctx.req).has('transient')) {
    // GUESS: code and wording; NetSuite documents the header as required for SuiteQL.
    fail(
      400,
      'The Prefer header must be set to "transient" for SuiteQL queries (Prefer: transient).',
      {
        code: 'INVALID_HEADER',
        header: 'Prefer',
      },
    );
  }
  const q = readQuery(ctx.body);
  const paging = readPaging(ctx.req.query);
  let rows: Row[];
  try {
    rows = runSuiteQl(ctx, parseSuiteQl(q));
  } catch (err) {
    if (err instanceof SuiteQlError) invalidQuery(err.message);
    throw err;
  }
  const url = `${serviceBase(ctx.req, ctx.state.accountId)}/query/v1/suiteql`;
  const body = collectionPage(
    rows,
    paging,
    (limit, offset) => `${url}?limit=${limit}&offset=${offset}`,
    renderRow,
  );
  return { status: 200, headers: { 'content-type': COLLECTION }, body };
}

export const suiteqlRoutes: RouteDefinition<ErpState>[] = [
  route<ErpState>('POST', '/services/rest/query/v1/suiteql', 'suiteql.run', suiteql),
];
