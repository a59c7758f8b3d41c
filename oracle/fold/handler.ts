import type { EventOf, EventType, JournalEvent } from '../../journal/events.js';
import type { RunModel } from '../model.js';

/** Folds one event into the model. */
export type Handler = (m: RunModel, e: JournalEvent) => void;

/** The handlers of one event family, typed by the journal's contract (journal/events.ts). */
export type FamilyHandlers = { [K in EventType]?: (m: RunModel, e: EventOf<K>) => void };
