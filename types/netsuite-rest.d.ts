/**
 * The slice of the community `netsuite-rest` client (CommonJS, no type declarations) that the
 * reference integration and the tests use. Its `request` resolves with got's response spread
 * into a plain object: `rawHeaders` survives, `headers` does not (docs/dialects/erp.md).
 */
declare module 'netsuite-rest' {
  export interface NsRequest {
    path: string;
    method?: string;
    body?: string;
    heads?: Record<string, string>;
  }
  export interface NsResponse {
    statusCode: number;
    rawHeaders: string[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- NetSuite JSON
    data: Record<string, any> | null;
  }
  export default class NetsuiteRest {
    constructor(options: Record<string, string>);
    request(opts: NsRequest): Promise<NsResponse>;
    /** The signed `Authorization` header (fresh nonce and timestamp) for one request. */
    getAuthorizationHeader(opts: { url: string; method: string }): { Authorization: string };
  }
}
