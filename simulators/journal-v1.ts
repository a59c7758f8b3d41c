import type { Upgrade } from '../journal/compat.js';
import type { JournalEvent } from '../journal/events.js';
import { ERP_V1 } from './erp/journal-v1.js';
import { MARKETPLACE_V1 } from './marketplace/journal-v1.js';
import { POS_V1 } from './pos/journal-v1.js';
import { WMS_V1 } from './wms/journal-v1.js';

/**
 * Version 1 → this version, line by line: each dialect maps its own vendor-named events onto
 * business events; every other line (run, fault, http, webhook, …) kept its shape.
 *
 * @example upgradeV1({ seq: 9, t, w, type: 'wms:shipped', referenceId: '113-1', … }).type // 'warehouse:order-shipped'
 */
const STEPS = new Map<string, (e: JournalEvent) => JournalEvent>(
  Object.entries({ ...MARKETPLACE_V1, ...WMS_V1, ...POS_V1, ...ERP_V1 }),
);

export const upgradeV1: Upgrade = (e) => {
  const step = STEPS.get(e.type);
  return step ? step(e) : e;
};
