import type { RecordKind } from './kind.js';

/**
 * Locations, read-only, from the world: warehouses then stores, internal id = position + 1,
 * externalId = the shared location id (`WH-1`, `ST-001`), so `eid:WH-1` works in references.
 * GUESS: `locationType` rendered as a select `{ id, refName }` (1 Store, 2 Warehouse).
 */
export const locationKind: RecordKind = {
  type: 'location',
  family: 'location',
  render: (_op, record) => {
    const store = record.fields.locationType === 'store';
    return {
      name: record.fields.name,
      locationType: { id: store ? '1' : '2', refName: store ? 'Store' : 'Warehouse' },
      timeZone: record.fields.timeZone,
      isInactive: false,
    };
  },
  sublists: {},
};
