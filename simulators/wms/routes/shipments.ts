import { route, type RouteContext } from '../../core/define-simulator.js';
import { invalid, notFound } from '../errors.js';
import type { WmsState } from '../state.js';
import { bodyObject, type Json } from '../validate.js';
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

/**
 * Mark Tracking Uploaded (ShipBob 2026-01,
 * https://developer.shipbob.com/2026-01/api/orders/mark-tracking-uploaded): body
 * `{ is_tracking_uploaded, shipment_ids[] }`, answer `{ results[{ shipmentId, isSuccess, error }],
 * summary{ total, successful, failed } }`. GUESS: an unknown id is a failed result (code
 * `NotFound`), not a 404 for the whole batch; an empty or missing list is a 400.
 */
function markTrackingUploaded(ctx: Ctx) {
  const body = bodyObject(ctx.body);
  const flag = body.is_tracking_uploaded;
  if (flag !== undefined && flag !== null && typeof flag !== 'boolean')
    invalid('is_tracking_uploaded', 'The JSON value could not be converted to System.Boolean.');
  const ids = (body as Json).shipment_ids;
  if (!Array.isArray(ids) || ids.length === 0)
    invalid('shipment_ids', 'The shipment_ids field is required.');
  if (ids.length > 1000) invalid('shipment_ids', 'No more than 1000 shipment ids are allowed.');
  ids.forEach((id, i) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647)
      invalid(`shipment_ids[${i}]`, 'The JSON value could not be converted to System.Int32.');
  });
  const results = (ids as number[]).map((id) => {
    const s = ctx.state.shipments.get(id);
    if (!s)
      return {
        shipmentId: id,
        isSuccess: false,
        error: { code: 'NotFound', message: `Shipment ${id} was not found.` },
      };
    s.trackingUploaded = flag === true;
    return { shipmentId: id, isSuccess: true, error: null };
  });
  const successful = results.filter((r) => r.isSuccess).length;
  return {
    status: 200,
    body: {
      results,
      summary: { total: results.length, successful, failed: results.length - successful },
    },
  };
}

export const shipmentRoutes = [
  route<WmsState>(
    'POST',
    `${V}/shipment:batchUpdateTrackingUpload`,
    'shipment.markTrackingUploaded',
    markTrackingUploaded,
  ),
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
