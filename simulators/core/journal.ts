/** The journal lives in the top-level `journal/` module (the oracle reads it without simulators). */
export { Journal, type JournalOptions, type JournalQuery } from '../../journal/journal.js';
export type { JournalEvent } from '../../journal/events.js';
