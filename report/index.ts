import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { JournalRefusedError } from '../journal/compat.js';
import { foldJournal, judge, type Verdict } from '../oracle/judge.js';
import type { RunModel } from '../oracle/model.js';
import { readModelFile } from '../oracle/model-file.js';
import { maxOf, percentile } from '../oracle/stats.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { buildTimeline, type Timeline } from './timeline.js';
import { JOURNAL_UPGRADES } from '../runtime/journal-upgrades.js';
import { createWorld, worldOptionsOf } from '../world/index.js';

export { renderTerminal } from './terminal.js';
export { renderJunit } from './junit.js';
export { renderHtml } from './html.js';

/** The files every run leaves beside its journal. */
export const REPORT_FILES = { json: 'report.json', junit: 'junit.xml', html: 'report.html' };

export interface WrittenReports {
  verdict: Verdict;
  timeline: Timeline;
  files: { json: string; junit: string; html: string };
}

/**
 * Judge a folded run and write report.json, junit.xml and report.html into `runDir`.
 *
 * @example const { verdict, files } = writeReports('runs/smoke-42', model)
 */
export function writeReports(runDir: string, model: RunModel): WrittenReports {
  const verdict = judge(model);
  const timeline = buildTimeline(model);
  const files = {
    json: join(runDir, REPORT_FILES.json),
    junit: join(runDir, REPORT_FILES.junit),
    html: join(runDir, REPORT_FILES.html),
  };
  const json = {
    ...verdict,
    journal: {
      events: model.events,
      problems: model.problems,
      byType: Object.fromEntries(model.byType),
    },
    demand: {
      arrivals: model.slips.length,
      slipP99Ms: percentile(model.slips, 0.99) ?? 0,
      slipMaxMs: model.slips.length ? maxOf(model.slips) : 0,
    },
    timeline,
  };
  writeFileSync(files.json, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(files.junit, renderJunit(verdict));
  writeFileSync(files.html, renderHtml(verdict, timeline, { runDir }));
  return { verdict, timeline, files };
}

/**
 * The world digest check: the oracle regenerates the run's world from its seed to know every
 * SKU's starting stock, so a journal written from another world (another build's generator)
 * would be judged against the wrong stock. Undefined when the worlds agree or the journal
 * predates the digest (schema 1); else why the journal is refused.
 *
 * @example worldMismatch(model) // undefined
 */
export function worldMismatch(model: RunModel): string | undefined {
  if (model.worldDigest === undefined || model.seed === undefined) return undefined;
  const regenerated = createWorld(
    model.seed,
    model.scenario && worldOptionsOf(model.scenario),
  ).digest();
  if (regenerated === model.worldDigest) return undefined;
  return `the journal's world (seed ${model.seed}, digest ${model.worldDigest.slice(0, 12)}…, written by omnichaos ${model.omnichaosVersion ?? 'unknown'}) is not the world this omnichaos regenerates from that seed (digest ${regenerated.slice(0, 12)}…): its inventory verdicts would be computed against the wrong stock. Judge it with the version that wrote it.`;
}

/**
 * Fold a run's journal for `omnichaos report`: older schema versions are upgraded (docs/journal.md),
 * a newer one or one from another world is refused with a `JournalRefusedError`.
 *
 * @example const model = await foldRunJournal('runs/smoke-42/journal.ndjson')
 */
export async function foldRunJournal(file: string): Promise<RunModel> {
  const model = await foldJournal(file, { upgrades: JOURNAL_UPGRADES });
  const mismatch = worldMismatch(model);
  if (mismatch) throw new JournalRefusedError(mismatch);
  return model;
}

/**
 * Rebuild every report of a run directory from its journal alone (also after `kill -9`). A
 * finished run left its folded model beside the journal (`journal.model`): when it is keyed to
 * the journal as it is now, it is judged instead of folding the journal again (the same
 * verdicts, in seconds at a million orders); else the journal is folded and `source.why` says
 * why. `{ modelFile: false }` always folds the journal.
 *
 * @example await rebuildReports('runs/smoke-42')
 */
export async function rebuildReports(
  runDir: string,
  options: { modelFile?: boolean } = {},
): Promise<WrittenReports & { schema: number; worldChecked: boolean; source: ReportSource }> {
  const journal = join(runDir, 'journal.ndjson');
  const saved = options.modelFile === false ? undefined : await readModelFile(journal);
  let model: RunModel;
  let source: ReportSource;
  if (saved?.model) {
    model = saved.model;
    const mismatch = worldMismatch(model);
    if (mismatch) throw new JournalRefusedError(mismatch);
    source = { from: 'model-file', file: saved.file };
  } else {
    model = await foldRunJournal(journal);
    source = {
      from: 'journal',
      file: journal,
      ...(saved && { why: `${basename(saved.file)} not used: ${saved.why}` }),
    };
  }
  const worldChecked = model.worldDigest !== undefined && model.seed !== undefined;
  return { ...writeReports(runDir, model), schema: model.schema, worldChecked, source };
}

/** Where `rebuildReports` got the folded run from, and why not the model file. */
export interface ReportSource {
  from: 'model-file' | 'journal';
  file: string;
  why?: string;
}
