import { JOURNAL_SCHEMA_VERSION, type JournalEvent } from './events.js';

/**
 * Reading journals of other schema versions (docs/journal.md, "Compatibility"). A journal's
 * version is in its first line, `run:started` (`schema`; absent means version 1). Lines of an
 * older version are upgraded one by one as they are read, by the step its dialects provide; a
 * newer version is refused.
 */

/** Turns one line of an older version into this version's event (undefined: it has none). */
export type Upgrade = (e: JournalEvent) => JournalEvent | undefined;

/** Upgrade steps by the version they read, each to this version, e.g. `{ 1: upgradeV1, 2: upgradeV2 }`. */
export type Upgrades = Partial<Record<number, Upgrade>>;

/** A journal this build cannot judge faithfully: the CLI turns it into exit 2 with its message. */
export class JournalRefusedError extends Error {}

/**
 * The schema version a journal declares on its first line (1 when it declares none).
 *
 * @example schemaOf({ seq: 1, t: 0, w: 0, type: 'run:started', schema: 2 }) // 2
 */
export function schemaOf(first: JournalEvent): number {
  // Without its `run:started` (a damaged head) the version is unknown: read it as this one.
  if (first.type !== 'run:started') return JOURNAL_SCHEMA_VERSION;
  return typeof first.schema === 'number' ? first.schema : 1;
}

/**
 * What to do with the lines of a journal whose first line is `first`: nothing (this version),
 * an upgrade step, or a refusal saying why.
 *
 * @example readerFor(first, JOURNAL_UPGRADES) // upgradeV1 for a version-1 journal
 */
export function readerFor(first: JournalEvent, upgrades: Upgrades = {}): Upgrade | undefined {
  const version = schemaOf(first);
  if (version === JOURNAL_SCHEMA_VERSION) return undefined;
  if (version > JOURNAL_SCHEMA_VERSION)
    throw new JournalRefusedError(
      `the journal is schema version ${version}, newer than this omnichaos reads (${JOURNAL_SCHEMA_VERSION}); judge it with the version that wrote it (run:started.omnichaosVersion: ${String(first.omnichaosVersion ?? 'unknown')})`,
    );
  const step = upgrades[version];
  if (!step)
    throw new JournalRefusedError(
      `the journal is schema version ${version}; this reader was given no upgrade step from it to version ${JOURNAL_SCHEMA_VERSION} (use "omnichaos report", which has them)`,
    );
  return step;
}
