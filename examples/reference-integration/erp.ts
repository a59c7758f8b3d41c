import NetsuiteRest from 'netsuite-rest';
import type { Config } from './config.js';
import { AlreadyDone } from './outbox.js';
import { HttpFailure, retryAfterMs, systemPolicy, type SystemPolicy } from './resilience.js';

/**
 * The ERP side, through the community `netsuite-rest` client (OAuth 1.0a TBA). Records are
 * created with `externalId` = the source system's id, so a retry after a lost response meets
 * `DUP_RCRD` — which here means "already done", not an error.
 *
 * netsuite-rest signs (OAuth 1.0a, HMAC-SHA256); fetch sends, one fresh signature per attempt
 * (docs/dialects/erp.md: a replayed nonce is refused).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- NetSuite JSON
export type Json = Record<string, any>;

/** NetSuite's error body → HttpFailure with its error code and any Retry-After. */
async function failure(res: Response): Promise<HttpFailure> {
  let code: string | undefined;
  let detail = res.statusText;
  try {
    const body = JSON.parse(await res.text()) as Json;
    code = body['o:errorDetails']?.[0]?.['o:errorCode'];
    detail = body['o:errorDetails']?.[0]?.detail ?? body.title ?? detail;
  } catch {
    // not JSON (a truncated or malformed body): keep the status text
  }
  return new HttpFailure(
    res.status,
    `HTTP ${res.status} ${code ?? ''} ${detail}`.trim(),
    retryAfterMs(res.headers.get('retry-after') ?? undefined),
    code,
  );
}

export class Erp {
  private readonly ns: NetsuiteRest;
  private readonly policy: SystemPolicy;
  private customer: Promise<void> | undefined;
  /** No SuiteQL query before this (our clock): the last Retry-After the ERP gave a query. */
  private queriesNotBefore = 0;
  /** fresh-id-retries: how often each external id has been sent (a retry gets a new one). */
  private readonly sent = new Map<string, number>();

  constructor(private readonly config: Config) {
    const c = config.erp!;
    this.ns = new NetsuiteRest({
      consumer_key: c.consumerKey,
      consumer_secret_key: c.consumerSecret,
      token: c.tokenId,
      token_secret: c.tokenSecret,
      realm: c.account,
      base_url: c.url,
    });
    // NetSuite's default account concurrency is 15 (docs/dialects/erp.md); stay well under it.
    this.policy = systemPolicy(config, 'erp', 6);
  }

  /**
   * One attempt, signed afresh: NetSuite refuses a nonce it has seen (nonce_used), so a retry
   * must not resend the header of the try before. netsuite-rest's own `request` hands the
   * header to got, whose built-in retries (PUT, GET on 5xx) resend it unchanged — so the client
   * signs and fetch sends, and retrying is left to our policy.
   */
  private async call(method: string, path: string, body?: Json): Promise<void> {
    const url = `${this.config.erp!.url}/services/rest/record/v1/${path}`;
    const headers: Record<string, string> = { ...this.ns.getAuthorizationHeader({ url, method }) };
    if (body) {
      headers['content-type'] = 'application/json';
      headers.prefer = 'transient';
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw new HttpFailure(undefined, `${e.cause?.code ?? 'network error'}: ${e.message}`);
    }
    if (!res.ok) throw await failure(res);
    await res.arrayBuffer(); // drain the (empty) body so the connection is reused
  }

  /**
   * Create a record; a duplicate `externalId` means an earlier attempt already landed.
   *
   * @example await erp.create('cashSale', { externalId: 'sq-order-id', … })
   */
  async create(type: string, body: Json): Promise<void> {
    await this.ensureCustomer();
    try {
      await this.policy.execute(() => this.call('POST', type, this.attemptBody(body)));
    } catch (err) {
      if (err instanceof HttpFailure && err.code === 'DUP_RCRD') throw new AlreadyDone();
      throw err;
    }
  }

  /**
   * The body of one attempt. With the `fresh-id-retries` defect every retry — after a lost
   * answer too — goes out under a new external id (`<id>-r1`, `-r2`, …), the "make it unique so
   * the ERP takes it" mistake: a write that landed but lost its answer is booked again.
   */
  private attemptBody(body: Json): Json {
    const eid = (body as { externalId?: unknown }).externalId;
    if (!this.config.defects.has('fresh-id-retries') || typeof eid !== 'string') return body;
    const n = this.sent.get(eid) ?? 0;
    this.sent.set(eid, n + 1);
    return n === 0 ? body : { ...(body as object), externalId: `${eid}-r${n}` };
  }

  /**
   * Transform a record found by external id (e.g. salesOrder → itemFulfillment). A source that
   * is not in the ERP yet is "not yet", not a dead letter: its own job may still be on its way.
   */
  async transform(from: string, externalId: string, to: string, body: Json): Promise<void> {
    try {
      await this.policy.execute(() =>
        this.call('POST', `${from}/eid:${externalId}/!transform/${to}`, body),
      );
    } catch (err) {
      if (err instanceof HttpFailure && err.code === 'DUP_RCRD') throw new AlreadyDone();
      if (err instanceof HttpFailure && err.status === 404)
        throw new Error(`${from} ${externalId} is not in the ERP yet`);
      throw err;
    }
  }

  /**
   * One SuiteQL query, every page (`POST /query/v1/suiteql` with `Prefer: transient`), signed
   * afresh per page. A read: one attempt per page, no retries — the caller polls again.
   *
   * @example await erp.suiteql("SELECT id FROM item WHERE itemid = 'SKU-00001'")
   */
  async suiteql(q: string): Promise<Json[]> {
    // A read is not retried, but the next poll is a retry all the same: it waits out the
    // Retry-After the ERP last gave a query instead of asking again (the pricing poll runs
    // every few seconds, right through a maintenance window).
    const wait = this.queriesNotBefore - Date.now();
    if (wait > 0)
      throw new HttpFailure(
        503,
        `suiteql: waiting ${Math.ceil(wait)} ms more, as Retry-After asked`,
      );
    const rows: Json[] = [];
    for (let offset = 0; ; offset += 1000) {
      const url = `${this.config.erp!.url}/services/rest/query/v1/suiteql?limit=1000&offset=${offset}`;
      const headers: Record<string, string> = {
        ...this.ns.getAuthorizationHeader({ url, method: 'POST' }),
        'content-type': 'application/json',
        prefer: 'transient',
      };
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ q }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new HttpFailure(undefined, `suiteql: ${(err as Error).message}`);
      }
      if (!res.ok) {
        const err = await failure(res);
        if (err instanceof HttpFailure && err.retryAfterMs !== undefined)
          this.queriesNotBefore = Date.now() + err.retryAfterMs;
        throw err;
      }
      const page = (await res.json()) as { items?: Json[]; hasMore?: boolean };
      rows.push(...(page.items ?? []));
      if (!page.hasMore) return rows;
    }
  }

  /** The one customer store and marketplace sales are booked to, made once (upsert by eid). */
  ensureCustomer(): Promise<void> {
    this.customer ??= this.policy
      .execute(() =>
        this.call('PUT', `customer/eid:${WALK_IN}`, {
          companyName: 'Store and marketplace customers',
          externalId: WALK_IN,
        }),
      )
      .then(
        () => undefined,
        (err: unknown) => {
          this.customer = undefined; // try again with the next record
          throw err;
        },
      );
    return this.customer;
  }
}

/** The ERP customer every sale is booked to (a common retail set-up: one "cash" customer). */
export const WALK_IN = 'OMNI-WALK-IN';
