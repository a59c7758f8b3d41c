import { z } from 'zod';
import { defineFault } from '../fault.js';

/**
 * Stores lose their network for the window: their sales are kept on the till and uploaded when
 * the window closes, with their original `created_at` (docs/architecture.md). Uses the POS simulator's
 * `store-offline` switch; on other systems it does nothing.
 */
export const storeOffline = defineFault({
  type: 'store-offline',
  kind: 'offline',
  summary: 'take stores offline; their sales back-fill with original timestamps when it ends',
  params: z.object({ stores: z.array(z.string()).optional() }).strict(),
  async onWindow(call, active) {
    const toggle = call.sim.definition.switches?.['store-offline'];
    await toggle?.(call.sim.context, active, call.params);
  },
});
