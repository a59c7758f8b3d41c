import { FLOWS } from '../scenarios/catalog.js';
import type { RunModel } from './model.js';

/**
 * The systems the target's flows need and it never called. Which systems those are comes from
 * the journal: a channel whose orders it must carry (the systems `channel:order-visible` events
 * came from), a point of sale whose sales it must book, and the ERP and warehouse those flows
 * write to (named by their own events, else by the simulators the run started). A target that
 * made no request to one of them did not do the flow — whatever else the checks say.
 */
export function systemsNeverCalled(m: RunModel): string[] {
  const flows = new Set<string>(m.scenario?.flows ?? FLOWS);
  const channels = new Set<string>();
  for (const o of m.channelOrders.values()) if (o.channel) channels.add(o.channel);
  const stores = new Set<string>();
  for (const s of m.storeSales.values()) if (s.channel) stores.add(s.channel);
  const needed = new Set<string>();
  const role = (family: 'erp' | 'warehouse', fallback: string) =>
    m.familySystems.get(family) ?? (m.simulators.includes(fallback) ? fallback : undefined);
  const add = (sys: string | undefined) => {
    if (sys !== undefined) needed.add(sys);
  };
  const ordersFlow = ['order-to-erp', 'fulfillment', 'inventory-sync'].some((f) => flows.has(f));
  if (ordersFlow) for (const c of channels) add(c);
  if (flows.has('pos-to-erp')) for (const s of stores) add(s);
  if ((flows.has('order-to-erp') && channels.size) || (flows.has('pos-to-erp') && stores.size))
    add(role('erp', 'erp'));
  if (flows.has('fulfillment') && channels.size) add(role('warehouse', 'wms'));
  // Prices the ERP changed must be read from it and written to the channels they were for.
  if (flows.has('pricing') && m.pricing.erpEvents > 0) {
    add(role('erp', 'erp'));
    for (const c of m.pricing.channels()) add(c);
  }
  return [...needed].filter((sys) => (m.traffic.systems.get(sys)?.requests ?? 0) === 0).sort();
}
