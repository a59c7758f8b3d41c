import NetsuiteRest, { type NsResponse } from 'netsuite-rest';
import type { Config } from './config.js';
import { AlreadyDone } from './outbox.js';
import { HttpFailure, retryAfterMs, systemPolicy, type SystemPolicy } from './resilience.js';

/**
 * The ERP side, through the community `netsuite-rest` client (OAuth 1.0a TBA). Records are
 * created with `externalId` = the source system's id, so a retry after a lost response meets
 * `DUP_RCRD` — which here means "already done", not an error.
 *
 * Client quirks (docs/dialects/erp.md): responses keep `rawHeaders` but lose `headers`; got (under
 * it) retries idempotent methods itself, so we keep our own writes to POST.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- NetSuite JSON
export type Json = Record<string, any>;

interface GotError extends Error {
  code?: string;
  response?: { statusCode: number; body?: string; rawHeaders?: string[]; headers?: Json };
}

function header(raw: string[] | undefined, name: string): string | undefined {
  if (!raw) return undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1];
  return undefined;
}

/** got's error → HttpFailure with NetSuite's error code and any Retry-After. */
function failure(err: unknown): HttpFailure {
  const e = err as GotError;
  const res = e.response;
  if (!res) return new HttpFailure(undefined, `${e.code ?? 'network error'}: ${e.message}`);
  let code: string | undefined;
  let detail = e.message;
  try {
    const body = JSON.parse(res.body ?? '') as Json;
    code = body['o:errorDetails']?.[0]?.['o:errorCode'];
    detail = body['o:errorDetails']?.[0]?.detail ?? body.title ?? detail;
  } catch {
    // not JSON (a truncated or malformed body): keep got's message
  }
  const after = header(res.rawHeaders, 'retry-after') ?? res.headers?.['retry-after'];
  return new HttpFailure(
    res.statusCode,
    `HTTP ${res.statusCode} ${code ?? ''} ${detail}`.trim(),
    retryAfterMs(after),
    code,
  );
}

export class Erp {
  private readonly ns: NetsuiteRest;
  private readonly policy: SystemPolicy;
  private customer: Promise<void> | undefined;

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
    // NetSuite's default account concurrency is 15 (reference §3); stay well under it.
    this.policy = systemPolicy(config, 'erp', 6);
  }

  private async call(method: string, path: string, body?: Json): Promise<NsResponse> {
    try {
      return await this.ns.request({
        path: `record/v1/${path}`,
        method,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw failure(err);
    }
  }

  /**
   * Create a record; a duplicate `externalId` means an earlier attempt already landed.
   *
   * @example await erp.create('cashSale', { externalId: 'sq-order-id', … })
   */
  async create(type: string, body: Json): Promise<void> {
    await this.ensureCustomer();
    try {
      await this.policy.execute(() => this.call('POST', type, body));
    } catch (err) {
      if (err instanceof HttpFailure && err.code === 'DUP_RCRD') throw new AlreadyDone();
      throw err;
    }
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
