import * as z from 'zod';
import { describeValue } from './describe.js';
import { rejected, scalar, type Checked, type IssueParams } from './fields.js';
import type { Expectation, ExpectationOp } from './types.js';
import { parseDuration } from './units.js';

/**
 * Expectations are SLO thresholds written the way k6 writes thresholds: `lag.p95: "<= 30s"`.
 * The operator defaults to `<=` because most checks measure something bad (lag, duplicates).
 */

const EXPECTATION = /^\s*(<=|>=|==|<|>)?\s*(.*?)\s*$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const PERCENT = /^(\d+(?:\.\d+)?)%$/;
const EXAMPLES = 'e.g. "<= 5m", ">= 99%", "== 0" or just 0';

/**
 * Reads one expectation value: a number, a boolean, or a string "[op] value" where value is a
 * number, a percentage or a duration.
 *
 * @example parseExpectation('<= 30s') // { op: '<=', value: 30_000, unit: 'ms' }
 * @example parseExpectation('99%') // { op: '<=', value: 0.99, unit: 'ratio' }
 * @example parseExpectation(true) // { op: '==', value: true }
 */
export function parseExpectation(value: unknown): Checked<Expectation> {
  if (typeof value === 'boolean') return { ok: true, value: { op: '==', value } };
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { ok: true, value: { op: '<=', value } };
  }
  if (typeof value !== 'string') {
    return rejected('a threshold like "<= 5m" or ">= 0.95"', value, EXAMPLES);
  }
  const [, op = '<=', operand = ''] = EXPECTATION.exec(value) ?? [];
  const expected = { op: op as ExpectationOp };
  if (NUMBER.test(operand)) return { ok: true, value: { ...expected, value: Number(operand) } };
  const percent = PERCENT.exec(operand);
  if (percent) {
    return { ok: true, value: { ...expected, value: Number(percent[1]) / 100, unit: 'ratio' } };
  }
  const ms = parseDuration(operand);
  if (ms !== undefined) return { ok: true, value: { ...expected, value: ms, unit: 'ms' } };
  if (/^(true|false)$/.test(operand) && op === '==') {
    return { ok: true, value: { op: '==', value: operand === 'true' } };
  }
  const badOperator = /^(=>|=<|=|!=|<>)/.exec(operand);
  const hint = badOperator
    ? `"${badOperator[1]}" is not an operator here; use one of <=, <, >=, >, ==`
    : `the value after the operator is a number, a percentage or a duration, ${EXAMPLES}`;
  return rejected('a threshold like "<= 5m" or ">= 0.95"', value, hint);
}

const CHECK_ID = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * A check id such as `lag.p95` or `order-to-erp.exactly-once`. Which ids exist is the oracle's
 * business; the format is ours, so a typo like `Lag.P95` fails here.
 */
const checkId = z.string().check((ctx) => {
  if (CHECK_ID.test(ctx.value)) return;
  const params: IssueParams = {
    hint: 'a check id is lowercase words joined by dots, e.g. "lag.p95" or "order-to-erp.exactly-once"',
    at: 'key',
  };
  const message = `expected a check id like "lag.p95", got ${describeValue(ctx.value)}`;
  ctx.issues.push({ code: 'custom', message, input: ctx.value, params });
});

/**
 * `expectations:` — check id → threshold.
 *
 * @example expectationsField().parse({ 'lag.p95': '<= 30s' })
 */
export function expectationsField() {
  return z.record(checkId, scalar(parseExpectation));
}
