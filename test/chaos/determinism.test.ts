import { describe, expect, it } from 'vitest';
import { chaosHarness, rule } from '../support/chaos-harness.js';

/**
 * Determinism (docs/architecture.md#determinism): the same logical request meets the same fate however requests interleave. Replay one
 * request set in two different concurrent orders and compare the decisions per logical key.
 */
async function decisions(seed: number, order: number[]): Promise<Record<string, number[]>> {
  await using h = await chaosHarness(
    [
      rule('error', { status: 503 }, { frequency: { kind: 'probability', p: 0.4 } }),
      rule(
        'latency',
        { distribution: 'uniform', min: 0, max: 5 },
        { id: 'jitter', frequency: { kind: 'probability', p: 0.5 } },
      ),
    ],
    { seed },
  );
  // Each id is requested 3 times (attempts 0, 1, 2), all in flight together, in the given order.
  const requests = order.flatMap((id) => [id, id, id]);
  const pending = requests.map((id) => h.call(`/v1/things/${id}`));
  let done = false;
  const all = Promise.all(pending).then(() => (done = true));
  // Advance virtual time in small steps while the requests trickle in over real I/O (bounded).
  for (let i = 0; i < 10_000 && !done; i++) await h.clock.advance(5);
  await all;
  const out: Record<string, number[]> = {};
  for (const e of h.journal.query({ type: 'http:exchange' })) {
    const key = String(e.key);
    (out[key] ??= [])[Number(e.attempt)] = e.status as number;
  }
  return out;
}

describe('fault decisions are reproducible to the request', () => {
  const ids = Array.from({ length: 30 }, (_, i) => i + 100);

  it('two concurrent orders give identical per-key decisions; another seed differs', async () => {
    const forward = await decisions(42, ids);
    const shuffled = await decisions(
      42,
      [...ids].reverse().sort((a, b) => (a % 7) - (b % 7)),
    );
    expect(Object.keys(forward)).toHaveLength(30);
    expect(shuffled).toEqual(forward);
    const flat = Object.values(forward).flat();
    expect(flat).toContain(503);
    expect(flat).toContain(404); // the things do not exist: requests that got through say so
    expect(await decisions(7, ids)).not.toEqual(forward);
  });
});
