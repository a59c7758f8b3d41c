import { describe, expect, it } from 'vitest';
import { kindStyle } from '../report/chart.js';
import { FAULT_TYPES } from '../scenarios/catalog.js';
import { faultDefinitions, faultKind } from './registry.js';

describe('fault kinds', () => {
  it('every registered fault type declares a kind the charts draw in its own style', () => {
    const other = kindStyle('other');
    for (const def of faultDefinitions()) {
      expect(faultKind(def.type)).toBe(def.kind);
      expect(kindStyle(def.kind), `${def.type} (${def.kind})`).not.toBe(other);
    }
    expect(faultDefinitions().map((d) => d.type)).toEqual(expect.arrayContaining([...FAULT_TYPES]));
  });

  it('sorts the faults that take a system down as outages', () => {
    expect(['outage', 'error', 'timeout'].map(faultKind)).toEqual(['outage', 'outage', 'outage']);
    expect(faultKind('no-such-fault')).toBe('other');
  });
});
