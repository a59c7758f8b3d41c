import { route, type RouteContext } from '../../core/define-simulator.js';
import { invalid, notFound } from '../errors.js';
import type { WmsState } from '../state.js';
import { iso, shipmentWire } from '../wire.js';
import { V } from './orders.js';

/** Shipments and tracking (docs/dialects/wms.md): get one, and its timeline. */
type Ctx = RouteContext<WmsState>;

function findShipment(ctx: Ctx) {
  const raw = ctx.params.shipmentId!;
  if (!/^\d{1,10}$/.test(raw))
    invalid('shipmentId', `The value '${raw.slice(0, 100)}' is not valid.`);
  const s = ctx.state.shipments.get(Number(raw));
  if (!s) notFound(`Shipment ${raw} was not found.`);
  const o = ctx.state.orders.get(s.orderId)!;
  ctx.annotate({ orderId: o.id, externalId: o.referenceId });
  return { s, o };
}

export const shipmentRoutes = [
  route<WmsState>('GET', `${V}/shipment/:shipmentId`, 'shipment.get', (ctx) => {
    const { s, o } = findShipment(ctx);
    return { status: 200, body: shipmentWire(ctx.state, o, s) };
  }),
  // GUESS: timeline log names; ShipBob's list is longer (e.g. LabelPrinted, Sorted).
  route<WmsState>('GET', `${V}/shipment/:shipmentId/timeline`, 'shipment.timeline', (ctx) => {
    const { s } = findShipment(ctx);
    const steps: [number, string, number | undefined][] = [
      [1, 'Created', s.createdAt],
      [2, 'Picked', s.pickedAt],
      [3, 'Packed', s.packedAt],
      [4, 'Shipped', s.shippedAt],
      [5, 'Delivered', s.deliveredAt],
    ];
    const body = steps
      .filter(([, , at]) => at !== undefined)
      .map(([log_type_id, log_type_name, at]) => ({
        log_type_id,
        log_type_name,
        log_type_text: `Shipment ${log_type_name.toLowerCase()}`,
        timestamp: iso(at),
      }));
    return { status: 200, body };
  }),
];
