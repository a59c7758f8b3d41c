import { describe, expect, it } from 'vitest';
import { compose, type Exchange, type Stage } from './pipeline.js';
import type { Outcome } from './types.js';

const ok: Outcome = { kind: 'respond', response: { status: 200 } };
const exchange = {} as Exchange<unknown>;

describe('compose', () => {
  it('runs the stages outermost first and the end once', async () => {
    const seen: string[] = [];
    const stage =
      (name: string): Stage<unknown> =>
      (_ex, next) => {
        seen.push(`${name} in`);
        return next().then((o) => (seen.push(`${name} out`), o));
      };
    let ends = 0;
    const run = compose([stage('a'), stage('b')], () => (ends++, Promise.resolve(ok)));
    expect(await run(exchange)).toBe(ok);
    expect(seen).toEqual(['a in', 'b in', 'b out', 'a out']);
    expect(ends).toBe(1);
  });

  it('rejects a second next() from one stage, and the handler runs once', async () => {
    let writes = 0;
    const twice: Stage<unknown> = async (_ex, next) => {
      await next();
      return next(); // a retry inside the pipeline would perform the write again
    };
    const run = compose([twice], () => (writes++, Promise.resolve(ok)));
    await expect(run(exchange)).rejects.toThrow(/called next\(\) more than once/);
    expect(writes).toBe(1);
  });

  it('keeps each exchange separate: one run per call', async () => {
    let ends = 0;
    const run = compose([(_ex, next) => next()], () => (ends++, Promise.resolve(ok)));
    await run(exchange);
    await run(exchange);
    expect(ends).toBe(2);
  });
});
