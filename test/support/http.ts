/** What the contract suites read from an HTTP answer. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vendor JSON, asserted field by field
  body: any;
}

/**
 * One request over real HTTP with a JSON body (a string is sent as is) and a JSON answer
 * (undefined when empty) — the shared core of the dialects' contract-suite clients.
 *
 * @example await callJson(baseUrl, 'GET', '/v2/locations', undefined, { authorization: 'Bearer t' })
 */
export async function callJson(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string | undefined>,
): Promise<JsonAnswer> {
  // An undefined header is left out (to test what a request without it gets).
  const sent = Object.fromEntries(
    Object.entries({ 'content-type': 'application/json', ...headers }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  const res = await fetch(baseUrl + path, {
    method,
    headers: sent,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
