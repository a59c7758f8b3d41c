import { route } from '../../core/define-simulator.js';
import { notFound } from '../errors.js';
import type { PosState } from '../state.js';
import { locationWire } from '../wire.js';

/**
 * Locations API (docs/dialects/pos.md): one ACTIVE physical location per world store. `main` names the
 * first store, as Square's `main` alias names the merchant's main location.
 */
export const locationRoutes = [
  route<PosState>('GET', '/v2/locations', 'ListLocations', ({ state }) => ({
    status: 200,
    body: { locations: state.stores.map((s) => locationWire(state, s.location, s.squareId)) },
  })),
  route<PosState>('GET', '/v2/locations/:location_id', 'RetrieveLocation', ({ state, params }) => {
    const wanted = params.location_id!;
    const store =
      wanted === 'main' ? state.stores[0] : state.stores.find((s) => s.squareId === wanted);
    if (!store) notFound('location', wanted);
    return { status: 200, body: { location: locationWire(state, store.location, store.squareId) } };
  }),
];
