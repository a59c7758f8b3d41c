import type { CheckDefinition } from '../types.js';
import { fulfillmentChecks } from './fulfillment.js';
import { inventorySyncChecks } from './inventory-sync.js';
import { lagChecks } from './lag.js';
import { orderToErpChecks } from './order-to-erp.js';
import { orderingChecks } from './ordering.js';
import { posToErpChecks } from './pos-to-erp.js';
import { pricingChecks } from './pricing.js';
import { reconciliationChecks } from './reconciliation.js';
import { resilienceChecks } from './resilience.js';
import { settlementChecks } from './settlement.js';
import { webhookChecks } from './webhooks.js';

/**
 * The oracle's catalogue, in report order: the four flows of docs/architecture.md, then lag and the client
 * behaviour checks (docs/architecture.md#resilience-checks). Scenario `expectations` are keyed by these ids.
 *
 * @example CHECKS.map((c) => c.id).includes('lag.p95') // true
 */
export const CHECKS: readonly CheckDefinition[] = [
  ...orderToErpChecks,
  ...fulfillmentChecks,
  ...inventorySyncChecks,
  ...posToErpChecks,
  ...settlementChecks,
  ...reconciliationChecks,
  ...pricingChecks,
  ...lagChecks,
  ...resilienceChecks,
  ...webhookChecks,
  ...orderingChecks,
];
