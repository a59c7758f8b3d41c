import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import type { Io } from '../../cli/io.js';
import { JournalRefusedError } from '../../journal/compat.js';
import { JOURNAL_SCHEMA_VERSION } from '../../journal/events.js';
import { foldJournal, judge } from '../../oracle/judge.js';
import { foldRunJournal } from '../../report/index.js';
import { createWorld, worldOptionsOf } from '../../world/index.js';
import { journal, scenario } from '../support/journal-builder.js';

/**
 * `omnichaos report` and the journal's schema versions (docs/journal.md): a version-1 journal
 * (kept from a run of the reference integration on the smoke scenario, before the journal was
 * typed) is upgraded and judged exactly as it was judged then; a journal from another world or a
 * newer schema is refused with exit 2.
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function io(): Io & { text: () => string } {
  const lines: string[] = [];
  return {
    out: (t) => void lines.push(t),
    err: (t) => void lines.push(t),
    tty: false,
    text: () => lines.join('\n'),
  };
}

function runDirWith(lines: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-report-'));
  writeFileSync(join(dir, 'journal.ndjson'), lines);
  return dir;
}

function ndjson(events: object[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

describe('omnichaos report and schema versions', () => {
  it('judges a version-1 journal as it was judged when it was written', async () => {
    const v1 = gunzipSync(readFileSync(join(FIXTURES, 'journals', 'smoke-seed42-v1.ndjson.gz')));
    const dir = runDirWith(v1.toString('utf8'));
    const before = JSON.parse(
      readFileSync(join(FIXTURES, 'verdicts', 'library-seed42-before.json'), 'utf8'),
    ).smoke as { counts: object; checks: { id: string; verdict: string; measured: unknown }[] };

    const verdict = judge(await foldRunJournal(join(dir, 'journal.ndjson')));
    // checks added since the baseline was recorded raise no alarm on the old clean journal
    // (ordering.causality judges its confirmations and fulfillments; the settlement checks
    // find nothing paid out)
    const known = new Set(before.checks.map((c) => c.id));
    const added = verdict.checks.filter((c) => !known.has(c.id));
    expect(added.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(verdict.checks.find((c) => c.id === 'ordering.causality')?.verdict).toBe('pass');
    // meanings changed on purpose since: unsafe-retries judges retried writes, and the calm
    // smoke run retried none — NOT CHECKED, no longer a pass on nothing; lag is the worst
    // channel's (the marketplace's, slower than the pooled figure), with the same verdicts
    const changed: Record<string, [string, unknown]> = {
      'resilience.unsafe-retries': ['not-checked', null],
    };
    const lag = (id: string) => id.startsWith('lag.');
    expect(
      verdict.checks
        .filter((c) => known.has(c.id))
        .map((c) => [c.id, c.verdict, lag(c.id) ? 'ms' : c.measured]),
    ).toEqual(
      before.checks.map((c) => [
        c.id,
        ...(changed[c.id] ?? [c.verdict, lag(c.id) ? 'ms' : c.measured]),
      ]),
    );
    // the business flows really were judged (not "not checked" for want of events)
    expect(verdict.checks.find((c) => c.id === 'order-to-erp.exactly-once')?.verdict).toBe('pass');

    const out = io();
    expect(await main(['report', dir], out)).toBe(0);
    expect(out.text()).toContain('journal schema version 1');
    expect(out.text()).toContain('no world digest');
  });

  it('refuses an old journal when no upgrade step is given (the oracle alone)', async () => {
    const dir = runDirWith(
      ndjson([{ seq: 1, t: 0, w: 0, type: 'run:started', sys: 'runner', seed: 1 }]),
    );
    await expect(foldJournal(join(dir, 'journal.ndjson'))).rejects.toThrow(JournalRefusedError);
  });

  it('refuses (exit 2) a journal whose world digest differs from the regenerated world', async () => {
    const s = scenario({ world: { skus: 20, warehouses: 1, stores: 1, customers: 100 } });
    const right = createWorld(7, s.world).digest();
    const good = journal().runStarted({ seed: 7, scenario: s, worldDigest: right }).runFinished();
    const okDir = runDirWith(ndjson(good.build()));
    expect(await main(['report', okDir], io())).toBe(0);

    const wrong = journal().runStarted({ seed: 7, scenario: s, worldDigest: 'f'.repeat(64) });
    const badDir = runDirWith(ndjson(wrong.runFinished().build()));
    const out = io();
    expect(await main(['report', badDir], out)).toBe(2);
    expect(out.text()).toMatch(/not the world this omnichaos regenerates from that seed/);
    expect(out.text()).toContain(right.slice(0, 12));
  });

  it('accepts the digest of a world shaped by the demand (a returns share), as run writes it', async () => {
    const base = scenario({ world: { skus: 20, warehouses: 1, stores: 1, customers: 100 } });
    const s = {
      ...base,
      demand: { ...base.demand, pos: { stages: [], returns: 0.15 } },
    } as unknown as typeof base;
    const written = createWorld(7, worldOptionsOf(s)).digest();
    // the returns share changes the generated history, so the world section alone is not enough
    expect(written).not.toBe(createWorld(7, s.world).digest());
    const run = journal().runStarted({ seed: 7, scenario: s, worldDigest: written }).runFinished();
    expect(await main(['report', runDirWith(ndjson(run.build()))], io())).toBe(0);
  });

  it('refuses (exit 2) a journal of a newer schema version, naming both versions', async () => {
    const newer = JOURNAL_SCHEMA_VERSION + 1;
    const dir = runDirWith(
      ndjson([{ seq: 1, t: 0, w: 0, type: 'run:started', sys: 'runner', schema: newer }]),
    );
    const out = io();
    expect(await main(['report', dir], out)).toBe(2);
    expect(out.text()).toContain(`schema version ${newer}`);
    expect(out.text()).toContain(`(${JOURNAL_SCHEMA_VERSION})`);
  });
});
