import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.js';
import { Journal } from '../../journal/journal.js';
import { WebhookOutbox, type Deliver } from './outbox.js';
import { fetchDeliver } from './simulator-runtime.js';

const START = Date.UTC(2026, 10, 27);

function setup(deliver: Deliver, url: string | null = 'http://receiver.test/hook') {
  const clock = new VirtualClock({ startMs: START });
  const journal = new Journal({ clock });
  const outbox = new WebhookOutbox({
    sys: 'wms',
    clock,
    journal,
    deliver,
    url: url ?? undefined,
    retryScheduleMs: [5_000, 60_000],
    sign: (m, attempt) => ({ 'x-test-signature': `${m.id}/${attempt}` }),
  });
  return { clock, journal, outbox };
}

describe('WebhookOutbox', () => {
  it('retries on the scenario schedule until a 2xx, keeping the message id', async () => {
    const statuses = [500, 503, 200];
    const seen: string[] = [];
    const { clock, journal, outbox } = setup(async (_url, init) => {
      seen.push(init.headers['x-test-signature']!);
      return { status: statuses.shift()! };
    });
    outbox.enqueue('order.shipped', { id: 1 });
    await clock.advance(0);
    expect(seen).toEqual(['wms-evt-1/1']);
    await clock.advanceScenario(5_000);
    expect(seen).toHaveLength(2);
    await clock.advanceScenario(59_999);
    expect(seen).toHaveLength(2);
    await clock.advanceScenario(1);
    expect(seen).toEqual(['wms-evt-1/1', 'wms-evt-1/2', 'wms-evt-1/3']);
    const attempts = journal.query({ type: 'webhook:attempt' });
    expect(attempts.map((e) => [e.attempt, e.status, e.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
  });

  it('gives up after the schedule and journals it', async () => {
    const { clock, journal, outbox } = setup(async () => {
      throw new Error('ECONNREFUSED');
    });
    outbox.enqueue('order.shipped', {});
    await clock.runAll();
    expect(journal.query({ type: 'webhook:attempt' }).map((e) => e.error)).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
      'ECONNREFUSED',
    ]);
    expect(journal.query({ type: 'webhook:gave-up' })).toHaveLength(1);
  });

  it('journals events with no receiver as unrouted', () => {
    const { journal, outbox } = setup(async () => ({ status: 200 }), null);
    expect(outbox.enqueue('order.shipped', {})).toBeUndefined();
    expect(journal.query({ type: 'webhook:unrouted' })).toHaveLength(1);
  });

  it('obeys the outbound-fault slot: duplicate, drop, delay', async () => {
    let n = 0;
    const { clock, journal, outbox } = setup(async () => {
      n++;
      return { status: 200 };
    });
    const plans = [
      { kind: 'duplicate', faultId: 'dup', copies: 2 },
      { kind: 'drop', faultId: 'drop' },
      { kind: 'delay', faultId: 'late', scenarioMs: 30_000 },
    ] as const;
    let i = 0;
    outbox.faults = () => plans[i++]!;
    outbox.enqueue('a', {});
    outbox.enqueue('b', {});
    outbox.enqueue('c', {});
    await clock.advance(0);
    expect(n).toBe(3); // three copies of a; b dropped; c not yet
    await clock.advanceScenario(30_000);
    expect(n).toBe(4);
    expect(journal.query({ type: 'webhook:dropped' })).toHaveLength(1);
    expect(
      journal.query({ type: 'webhook:attempt' }).filter((e) => e.duplicate === 'dup'),
    ).toHaveLength(2);
  });

  it('delivers over real HTTP with fetch', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        bodies.push(`${req.headers['x-test-signature']} ${body}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const { outbox } = setup(fetchDeliver, url);
    outbox.enqueue('order.shipped', { ok: true });
    await outbox.settled();
    server.close();
    expect(bodies).toEqual(['wms-evt-1/1 {"ok":true}']);
  });
});
