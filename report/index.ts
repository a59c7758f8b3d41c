import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldJournal, judge, type Verdict } from '../oracle/judge.js';
import type { RunModel } from '../oracle/model.js';
import { maxOf, percentile } from '../oracle/stats.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { buildTimeline, type Timeline } from './timeline.js';

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
 * Rebuild every report of a run directory from its journal alone (also after `kill -9`).
 *
 * @example await rebuildReports('runs/smoke-42')
 */
export async function rebuildReports(runDir: string): Promise<WrittenReports> {
  return writeReports(runDir, await foldJournal(join(runDir, 'journal.ndjson')));
}
