import { FAULT_TYPES, type FaultType } from '../scenarios/catalog.js';
import type { FaultDefinition } from './fault.js';
import { concurrency } from './faults/concurrency.js';
import { error } from './faults/error.js';
import { latency } from './faults/latency.js';
import { lostResponse } from './faults/lost-response.js';
import { malformedBody } from './faults/malformed-body.js';
import { outage } from './faults/outage.js';
import { schemaDrift } from './faults/schema-drift.js';
import { slowBody } from './faults/slow-body.js';
import { staleRead } from './faults/stale-read.js';
import { storeOffline } from './faults/store-offline.js';
import { throttle } from './faults/throttle.js';
import { timeout } from './faults/timeout.js';
import { truncate } from './faults/truncate.js';
import {
  webhookDelay,
  webhookDrop,
  webhookDuplicate,
  webhookForge,
  webhookReorder,
} from './faults/webhooks.js';

/** Every fault type by name. The scenario format's FAULT_TYPES must all be here (a test checks). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each type has its own params
const DEFINITIONS: FaultDefinition<any>[] = [
  latency,
  error,
  throttle,
  concurrency,
  outage,
  timeout,
  lostResponse,
  truncate,
  malformedBody,
  slowBody,
  schemaDrift,
  staleRead,
  webhookDuplicate,
  webhookReorder,
  webhookDelay,
  webhookDrop,
  webhookForge,
  storeOffline,
];

const BY_TYPE = new Map(DEFINITIONS.map((d) => [d.type, d]));

/** @example faultDefinition('latency').summary */
export function faultDefinition(type: string): FaultDefinition<unknown> {
  const def = BY_TYPE.get(type as FaultType);
  if (!def)
    throw new Error(
      `[omnichaos:chaos] unknown fault type "${type}"; known: ${FAULT_TYPES.join(', ')}`,
    );
  return def;
}

export function faultDefinitions(): readonly FaultDefinition<unknown>[] {
  return DEFINITIONS;
}

/**
 * The kind a fault type declares (outage, latency, throttle, delivery, data, …) — charts colour
 * and hatch by it — or "other" for a type this build doesn't know.
 *
 * @example faultKind('outage')
 */
export function faultKind(type: string): string {
  return BY_TYPE.get(type as FaultType)?.kind ?? 'other';
}
