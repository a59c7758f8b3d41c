import { describe, expect, it } from 'vitest';
import { niceDuration, niceStep, renderChart, tickLabel } from './chart.js';

describe('chart scales', () => {
  it('picks round bucket sizes and steps', () => {
    expect(niceDuration(19_000)).toBe(30_000);
    expect(niceDuration(61_000)).toBe(120_000);
    expect(niceDuration(1)).toBe(1000);
    expect(niceStep(37, 4)).toBe(10);
    expect(niceStep(1000, 4)).toBe(500);
    expect(niceStep(3, 4)).toBe(1);
  });

  it('writes ticks as a person reads them', () => {
    expect(tickLabel(0)).toBe('0');
    expect(tickLabel(45_000)).toBe('45s');
    expect(tickLabel(360_000)).toBe('6m');
    expect(tickLabel(90_000)).toBe('1m 30s');
    expect(tickLabel(4_500_000)).toBe('1h 15m');
  });

  it('labels every fault window and hatches it by kind', () => {
    const svg = renderChart({
      id: 'c',
      title: 't',
      atMs: [0, 10_000, 20_000],
      bucketMs: 10_000,
      series: [{ name: 's', color: '#000', values: [1, 7, 3] }],
      shades: [
        { label: 'down', kind: 'outage', fromMs: 0, untilMs: 10_000 },
        { label: 'slow', kind: 'latency', fromMs: 10_000, untilMs: 20_000 },
      ],
    });
    expect(svg).toContain('>down</text>');
    expect(svg).toContain('>slow</text>');
    expect(svg).toContain('url(#c-hatch-outage)');
    expect(svg).toContain('url(#c-hatch-latency)');
    // y ticks 0, 2, 4, 6, 8: the top tick covers the data.
    expect(svg).toMatch(/>8<\/text>/);
  });
});
