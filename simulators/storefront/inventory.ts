import type { SimulatorContext } from '../core/define-simulator.js';
import { ev } from '../../journal/events.js';
import { numericId } from './ids.js';
import { levelFor, type StorefrontState } from './state.js';
import { restTime } from './time.js';
import { emit } from './webhooks.js';

type Ctx = SimulatorContext<StorefrontState>;

/** Why a level's `available` changed, as journaled in `listing:quantity-changed`. */
export type LevelChangeReason = 'set' | 'order';

/**
 * Set the `available` quantity of a SKU at the shop's location, journaling
 * `listing:quantity-changed` (the storefront's listing, in business terms) and sending
 * `inventory_levels/update` when it changed.
 *
 * @example setAvailable(ctx, 3, 12, 'set')
 */
export function setAvailable(
  ctx: Ctx,
  skuIndex: number,
  available: number,
  reason: LevelChangeReason,
): void {
  const level = levelFor(ctx, skuIndex);
  level.updatedMs = ctx.clock.now();
  if (level.available === available) return;
  level.available = available;
  ctx.journal.append(
    ev.listingQuantityChanged({
      sys: 'storefront',
      sku: ctx.world.sku(skuIndex).sku,
      quantity: available,
      reason,
    }),
  );
  emit(ctx, 'inventory_levels/update', {
    inventory_item_id: numericId(ctx.state, 'inventoryItem', skuIndex),
    location_id: numericId(ctx.state, 'location', 0),
    available,
    updated_at: restTime(level.updatedMs),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${numericId(ctx.state, 'location', 0)}?inventory_item_id=${numericId(ctx.state, 'inventoryItem', skuIndex)}`,
  });
}
