import type { CheckDefinition } from '../types.js';

/**
 * webhooks: what the target believes as a receiver. A forged delivery (`webhook-forge`: unsigned,
 * badly signed, signed with another key, or replayed with an old timestamp) carries claims no
 * vendor made; any business effect carrying one means the target acted on it (the fold finds
 * them in shipment confirmations, ERP records and warehouse orders: oracle/fold/values.ts).
 */
export const webhookChecks: CheckDefinition[] = [
  {
    id: 'webhooks.forged-accepted',
    group: 'webhooks',
    title: 'No business effect from a forged webhook',
    description:
      'Business effects that carry a claim only a forged delivery made: a shipment confirmed with a tracking number the warehouse never issued, or an ERP record or warehouse order of an order the storefront never had. A delivery the vendor would never have signed must be refused before anything acts on it; a forged delivery answered 200 and acted on by nothing is no failure (effects, not attempts).',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => {
      if (m.forged.deliveries === 0)
        return { value: null, note: 'no forged webhook was sent in this run', evidence: [] };
      const effects = m.forgedEffects;
      return {
        value: effects.length,
        note: `${effects.length} effects of ${m.forged.deliveries} forged deliveries`,
        evidence: [...new Set(effects.map((e) => e.orderId))].slice(0, 10),
        details: { forgedDeliveries: m.forged.deliveries, effects: effects.length },
      };
    },
  },
];
