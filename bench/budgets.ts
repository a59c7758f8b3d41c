/** One budget of the peak-volume work (docs/performance.md): what it asks, what was measured. */
export interface BudgetLine {
  budget: string;
  /** `not run`: its section (or system) was left out of this run. */
  measured: string | number;
  holds: boolean | 'not run';
  /** Must hold for the peak-volume work to be done (false: a throughput ratio, reported). */
  required: boolean;
}

/**
 * Every peak-volume budget with its measured value and whether it holds, from the sections that
 * ran; a section or system left out says `not run`, never a failure. The throughput ratios are
 * reported (whether they hold is said, but they are not required); the rest must hold.
 *
 * @example budgetSummary(result).filter((b) => b.holds === false) // what does not hold
 */
export function budgetSummary(
  r: Record<string, unknown>,
  planned: { memoryOrders: number; writeSoakRate: number } = {
    memoryOrders: 1_000_000,
    writeSoakRate: 1000,
  },
): BudgetLine[] {
  const get = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        r,
      );
  const num = (path: string) => {
    const v = get(path);
    return typeof v === 'number' ? v : null;
  };
  const line = (
    budget: string,
    measured: number | null,
    ok: (v: number) => boolean,
    required = true,
    unit = '',
  ): BudgetLine =>
    measured === null
      ? { budget, measured: 'not run', holds: 'not run', required }
      : {
          budget,
          measured: unit ? `${measured} ${unit}` : measured,
          holds: ok(measured),
          required,
        };
  const lines: BudgetLine[] = [];
  const orders = num('memory.ordersPerSystem') ?? planned.memoryOrders;
  for (const sys of ['square', 'marketplace'] as const) {
    const m = `memory.${sys}`;
    const label = `${sys === 'square' ? 'Square CreateOrder' : 'SP-API orders'} × ${orders.toLocaleString('en-US')}`;
    lines.push(
      line(
        `${label}: retained ≤ 1,024 B per order`,
        num(`${m}.bytesPerOrder`),
        (v) => v <= 1024,
        true,
        'B',
      ),
    );
    lines.push(
      line(`${label}: peak RSS ≤ 1,536 MB`, num(`${m}.peakRssMB`), (v) => v <= 1536, true, 'MB'),
    );
    lines.push(
      line(
        `${label}: RSS after reset + GC < 250 MB`,
        num(`${m}.afterReset.rssMB`),
        (v) => v < 250,
        true,
        'MB',
      ),
    );
    const oom = get(`${m}.oom`);
    lines.push(
      typeof oom === 'boolean'
        ? {
            budget: `${label}: no OOM`,
            measured: oom ? 'OOM' : 'no OOM',
            holds: !oom,
            required: true,
          }
        : { budget: `${label}: no OOM`, measured: 'not run', holds: 'not run', required: true },
    );
  }
  const flat = get('writeSoak.flat');
  const soakBudget = `10 min of mixed writes at ${num('writeSoak.targetPerSec') ?? planned.writeSoakRate}/s: RSS flat after the first minute`;
  lines.push(
    typeof flat === 'boolean'
      ? {
          budget: soakBudget,
          measured: `${num('writeSoak.rssSlopeMBPerMin')} MB/min, ${Math.round((num('writeSoak.sent') ?? 0) / Math.max(1, num('writeSoak.seconds') ?? 1))} writes/s reached`,
          // flat, and at the rate asked: 95% of the writes the schedule called for were sent
          holds:
            flat &&
            (num('writeSoak.sent') ?? 0) >=
              0.95 * (num('writeSoak.targetPerSec') ?? 0) * (num('writeSoak.seconds') ?? 0),
          required: true,
        }
      : { budget: soakBudget, measured: 'not run', holds: 'not run', required: true },
  );
  const modelFile = get('oracle.fromFile.modelFile');
  const read = typeof get('oracle.fromFile.modelFile.read') === 'string';
  lines.push(
    // the command must have judged the model file, not folded the journal
    line(
      '`omnichaos report` on the 1M-order journal ≤ 30 s (from its model file)',
      num('oracle.fromFile.modelFile.commandSeconds'),
      (v) => v <= 30 && read && (modelFile as { holds?: boolean }).holds === true,
      true,
      's',
    ),
  );
  lines.push(
    line(
      'writing the model file at the end of the 1M-order run (reported)',
      num('oracle.fromFile.modelFile.writeSeconds'),
      () => true,
      false,
      's',
    ),
  );
  lines.push(
    line(
      '`omnichaos report --journal` (folding the journal), for comparison (reported)',
      num('oracle.fromFile.commandSeconds'),
      (v) => v <= 30,
      false,
      's',
    ),
  );
  lines.push(
    line(
      'verdict at the end of a 1M-order run ≤ 30 s',
      num('oracle.endOfRun.judgeSeconds'),
      (v) => v <= 30,
      true,
      's',
    ),
  );
  lines.push(
    line(
      'Square write ≥ 0.5× raw node:http (reported)',
      num('pipeline.ratios.squareWrite'),
      (v) => v >= 0.5,
      false,
    ),
  );
  lines.push(
    line(
      'Square read ≥ 0.7× raw node:http (reported)',
      num('pipeline.ratios.squareRead'),
      (v) => v >= 0.7,
      false,
    ),
  );
  return lines;
}
