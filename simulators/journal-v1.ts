import type { JournalEvent } from '../journal/events.js';
import { ERP_V1 } from './erp/journal-v1.js';
import { MARKETPLACE_V1 } from './marketplace/journal-v1.js';
import { POS_V1 } from './pos/journal-v1.js';
import { WMS_V1 } from './wms/journal-v1.js';

/**
 * Version 1 → version 2, line by line: each dialect maps its own vendor-named events onto
 * business events; every other line (run, fault, http, webhook, …) kept its shape. The step to
 * the current version is `upgradeV1` in journal-upgrades.ts.
 *
 * @example upgradeV1Line({ seq: 9, t, w, type: 'wms:shipped', referenceId: '113-1', … }).type // 'warehouse:order-shipped'
 */
const STEPS = new Map<string, (e: JournalEvent) => JournalEvent>(
  Object.entries({ ...MARKETPLACE_V1, ...WMS_V1, ...POS_V1, ...ERP_V1 }),
);

export function upgradeV1Line(e: JournalEvent): JournalEvent {
  const step = STEPS.get(e.type);
  return step ? step(e) : e;
}
