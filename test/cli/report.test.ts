import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCommand } from '../../cli/commands/report.js';
import { bufferIo } from '../../cli/io.js';
import { journal, MIN, scenario } from '../support/journal-builder.js';

/**
 * `omnichaos report` on a journal damaged in the middle: every report says so — the terminal,
 * report.json, junit.xml and report.html — and the run does not pass on what is left.
 */
function runDir(mutate: (lines: string[]) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnichaos-report-'));
  const lines = journal()
    .runStarted({ scenario: scenario({ flows: ['order-to-erp'] }) })
    .mktOrder('113-1', { totalCents: 500 })
    .mktOrder('113-2', { totalCents: 700 })
    .at(MIN)
    .erpCreated('sales-order', 'SO1', { sourceOrderId: '113-1', totalCents: 500 })
    .erpCreated('sales-order', 'SO2', { sourceOrderId: '113-2', totalCents: 700 })
    // the target called the systems its flow needs (else the run fails for never calling them)
    .http({ sys: 'marketplace', method: 'GET', op: 'getOrders', status: 200 })
    .http({ sys: 'erp', method: 'POST', op: 'salesOrder.create', status: 204 })
    .runFinished()
    .build()
    .map((e) => JSON.stringify(e));
  writeFileSync(join(dir, 'journal.ndjson'), mutate(lines));
  return dir;
}

describe('omnichaos report on a damaged journal', () => {
  it('names corrupt lines and missing events in every report, and exits 1', async () => {
    // line 3 corrupt (seq 3 lost), and the line with seq 5 missing altogether
    const dir = runDir((lines) => {
      const kept = lines.filter((l) => (JSON.parse(l) as { seq: number }).seq !== 5);
      kept[2] = '{"seq":3,"t":1764201600000,"type":"order:cre\u0000';
      return kept.join('\n') + '\n';
    });
    const io = bufferIo();
    expect(await reportCommand.run([dir], io)).toBe(1);
    const out = io.stdout.join('\n');
    expect(out).toContain('DAMAGED — the journal is missing events');
    expect(out).toMatch(/journal {2}1 corrupt line in the middle of the journal \(line 3\)/);
    expect(out).toMatch(
      /journal {2}2 events missing from the sequence over 2 gaps: seq 3 \(before line 4\), seq 5 \(before line 5\)/,
    );
    expect(out).not.toContain('torn');

    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      passed: false,
      damaged: true,
      integrity: { corrupt: { count: 1, lines: [3] }, gaps: { count: 2, missing: 2 } },
    });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('class="banner damaged"');
    expect(html).toMatch(/id="journal-integrity"><li>1 corrupt line in the middle/);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('name="journal.integrity"');
    expect(junit).toMatch(/<failure message="the journal is damaged: 1 corrupt line/);
  });

  it('tells a torn last line apart: INCOMPLETE, not DAMAGED', async () => {
    const dir = runDir((lines) => lines.slice(0, -1).join('\n') + '\n{"seq":8,"t":17642');
    const io = bufferIo();
    expect(await reportCommand.run([dir], io)).toBe(1);
    const out = io.stdout.join('\n');
    expect(out).toContain('INCOMPLETE');
    expect(out).not.toContain('DAMAGED');
    expect(out).toContain('journal  the last line (line 8) is torn');
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({
      damaged: false,
      complete: false,
      integrity: { corrupt: { count: 0 } },
    });
  });

  it('says nothing about the journal when it is whole', async () => {
    const dir = runDir((lines) => lines.join('\n') + '\n');
    const io = bufferIo();
    expect(await reportCommand.run([dir], io)).toBe(0);
    expect(io.stdout.join('\n')).not.toMatch(/journal {2}|DAMAGED/);
  });
});
