import type { FamilyHandlers, Handler } from './handler.js';
import { channelHandlers } from './channel.js';
import { erpHandlers } from './erp.js';
import { pricingHandlers } from './pricing.js';
import { runHandlers } from './run.js';
import { settlementHandlers } from './settlement.js';
import { storeHandlers } from './store.js';
import { wireHandlers } from './wire.js';

export type { Handler } from './handler.js';

/**
 * Every event type the oracle folds, by family — run, demand and fault (`run.ts`), the wire:
 * requests and webhook deliveries (`wire.ts`), sales channels, listings and warehouses
 * (`channel.ts`), stores (`store.ts`), ERP documents (`erp.ts`), settlements (`settlement.ts`) and prices (`pricing.ts`). A map: `add` looks one up
 * per event, and no prototype keys.
 */
const ALL: FamilyHandlers = {
  ...runHandlers,
  ...wireHandlers,
  ...channelHandlers,
  ...storeHandlers,
  ...erpHandlers,
  ...settlementHandlers,
  ...pricingHandlers,
};

export const HANDLER_OF: ReadonlyMap<string, Handler> = new Map(
  Object.entries(ALL) as [string, Handler][],
);
