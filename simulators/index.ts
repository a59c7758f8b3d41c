import type { SimulatorDefinition } from './core/define-simulator.js';
import { erpSimulator } from './erp/index.js';
import { marketplaceSimulator } from './marketplace/index.js';
import { posSimulator } from './pos/index.js';
import { wmsSimulator } from './wms/index.js';

/**
 * The simulators `omnichaos up` and `run` start, in port order (control port + 1, + 2, …).
 * Each dialect registers itself here when it lands.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each simulator has its own state type
export const BUILTIN_SIMULATORS: SimulatorDefinition<any>[] = [
  erpSimulator,
  posSimulator,
  wmsSimulator,
  marketplaceSimulator,
];
