/**
 * An SP-API access token from the marketplace simulator's Login with Amazon endpoint, with the
 * refresh token and client the target's env vars carry (the SDK's own LWA client hard-codes
 * Amazon's production URL, so tests ask the simulator the way a target would).
 *
 * @example const token = await lwaToken(env)
 */
export async function lwaToken(env: Record<string, string | undefined>): Promise<string> {
  const res = await fetch(env.OMNICHAOS_MARKETPLACE_LWA_URL!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: env.OMNICHAOS_MARKETPLACE_REFRESH_TOKEN!,
      client_id: env.OMNICHAOS_MARKETPLACE_CLIENT_ID!,
      client_secret: env.OMNICHAOS_MARKETPLACE_CLIENT_SECRET!,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
