import type { Upgrade, Upgrades } from '../journal/compat.js';
import type { ExchangeFields, JournalEvent } from '../journal/events.js';
import { faultKind } from '../chaos/registry.js';
import { withReading } from '../simulators/core/exchange-reading.js';
import { registeredSimulator } from '../simulators/index.js';
import { upgradeV1Line } from '../simulators/journal-v1.js';

/**
 * Reading journals of older schema versions (docs/journal.md, "Compatibility"): one step per
 * version, each straight to the current one.
 *
 * - Version 1 → each dialect maps its vendor-named events onto business events
 *   (`simulators/<dialect>/journal-v1.ts`), then exchanges get their business reading.
 * - Version 2 → exchanges get their business reading (`ref`, `writeKey`, `oneShot`, `read`), read
 *   by the system's own `readExchange` from the annotations the exchange already carries — the
 *   same function the journal stage runs on live exchanges — and `fault:added` gets the kind its
 *   fault type declares (`faultKind`), as the chaos engine journals it now. An old journal
 *   judges as it did.
 */

/** A version-2 line as version 3: exchanges and fault rules gain what version 3 added. */
export function upgradeV2Line(e: JournalEvent): JournalEvent {
  if (e.type === 'http:exchange') {
    const reader = registeredSimulator(String(e.sys))?.readExchange;
    return withReading({ ...e } as JournalEvent & ExchangeFields, reader);
  }
  if (e.type === 'fault:added' && e.faultKind === undefined)
    return { ...e, faultKind: faultKind(String(e.faultType)) };
  return e;
}

/** @example upgradeV2({ type: 'http:exchange', sys: 'pos', method: 'POST', idempotencyKey: 'k1', … }).writeKey // 'k1' */
export const upgradeV2: Upgrade = upgradeV2Line;

/** @example upgradeV1({ seq: 9, t, w, type: 'wms:shipped', referenceId: '113-1', … }).type // 'warehouse:order-shipped' */
export const upgradeV1: Upgrade = (e) => upgradeV2Line(upgradeV1Line(e));

/** Every upgrade step this build has, for `foldJournal(file, { upgrades: JOURNAL_UPGRADES })`. */
export const JOURNAL_UPGRADES: Upgrades = { 1: upgradeV1, 2: upgradeV2 };
