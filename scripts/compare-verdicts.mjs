#!/usr/bin/env node
// The library scenarios' verdicts, recorded and compared: the safety net for changes that must
// not change behaviour (the journal's schema, the oracle's fold).
//
//   node scripts/compare-verdicts.mjs run [--out verdicts.json] [--runs DIR] [--only a,b] [--seed 42]
//       runs every scenarios/*.yaml against the bundled reference integration (clean, no defect)
//       and writes, per scenario, each check's id, verdict, measured value and details.
//       Needs `npm run build` first; takes several minutes (each run is real time at the
//       scenario's speed). Each run directory (journal included) stays under --runs.
//   node scripts/compare-verdicts.mjs rejudge --runs DIR [--out verdicts.json]
//       judges the journals already in DIR/<scenario>/journal.ndjson again with the current
//       build: the same journal must give the same verdict, exactly, whatever the fold's code.
//   node scripts/compare-verdicts.mjs compare BEFORE.json AFTER.json [--exact]
//       prints every difference. Verdicts, pass/fail counts and every `count` check's value must
//       match; a millisecond or ratio measure may move between two live runs (the target is a
//       real process on a real clock) and is listed, not failed, unless --exact.
//       Exit 0 when nothing that must match differs, 1 otherwise.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => join(root, 'dist', p);

function flag(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

function summarize(verdict, extra) {
  return {
    complete: verdict.complete,
    passed: verdict.passed,
    counts: verdict.counts,
    events: verdict.events,
    problems: verdict.problems,
    checks: verdict.checks.map((c) => ({
      id: c.id,
      unit: c.unit,
      verdict: c.verdict,
      measured: c.measured,
      note: c.note ?? null,
      evidence: c.evidence.length,
      details: c.details ?? null,
    })),
    ...extra,
  };
}

function libraryScenarios() {
  return readdirSync(join(root, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

async function run(args) {
  const { loadScenarioFile } = await import(dist('scenarios/load.js'));
  const { runScenario } = await import(dist('runner/run.js'));
  const { freePort, referenceTarget } = await import(dist('runner/reference.js'));
  const out = resolve(flag(args, 'out', 'verdicts.json'));
  const runs = resolve(flag(args, 'runs', join(dirname(out), 'verdict-runs')));
  const seed = Number(flag(args, 'seed', '42'));
  const only = flag(args, 'only', undefined)?.split(',');
  const names = libraryScenarios().filter((n) => !only || only.includes(n));
  const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  for (const name of names) {
    const scenario = await loadScenarioFile(join(root, 'scenarios', `${name}.yaml`));
    const outDir = join(runs, name);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    scenario.target = referenceTarget({
      port: await freePort(),
      stateDir: join(outDir, 'reference-state'),
    });
    const started = process.hrtime.bigint();
    const r = await runScenario({ scenario, seed, outDir, out: () => undefined });
    const wallMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    if (!r.verdict) {
      result[name] = { error: r.error ?? `exit ${r.exitCode}` };
      console.log(`${name}: no verdict (${result[name].error})`);
    } else {
      result[name] = summarize(r.verdict, { seed, wallMs });
      const fails = r.verdict.checks.filter((c) => c.verdict === 'fail').map((c) => c.id);
      console.log(
        `${name}: ${r.verdict.passed ? 'PASS' : 'FAIL'} ${JSON.stringify(r.verdict.counts)}` +
          `${fails.length ? ` failed: ${fails.join(', ')}` : ''} (${Math.round(wallMs / 1000)} s)`,
      );
    }
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n'); // after each: a crash keeps the rest
  }
  console.log(`wrote ${out}; journals under ${runs}`);
}

async function rejudge(args) {
  const { judge } = await import(dist('oracle/judge.js'));
  const { foldRunJournal } = await import(dist('report/index.js'));
  const runs = resolve(flag(args, 'runs', 'verdict-runs'));
  const out = resolve(flag(args, 'out', 'rejudged.json'));
  const result = {};
  for (const name of readdirSync(runs).sort()) {
    const file = join(runs, name, 'journal.ndjson');
    if (!existsSync(file)) continue;
    const verdict = judge(await foldRunJournal(file));
    result[name] = summarize(verdict, {});
    console.log(`${name}: ${verdict.passed ? 'PASS' : 'FAIL'} ${JSON.stringify(verdict.counts)}`);
  }
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

function compare(args) {
  const [a, b] = args.filter((x) => !x.startsWith('--'));
  if (!a || !b) throw new Error('usage: compare BEFORE.json AFTER.json [--exact]');
  const exact = args.includes('--exact');
  const before = JSON.parse(readFileSync(a, 'utf8'));
  const after = JSON.parse(readFileSync(b, 'utf8'));
  let hard = 0;
  let soft = 0;
  const say = (mustMatch, line) => {
    if (mustMatch) hard++;
    else soft++;
    console.log(`${mustMatch ? 'DIFF ' : 'drift'} ${line}`);
  };
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const x = before[name];
    const y = after[name];
    if (!x || !y) {
      say(true, `${name}: only in ${x ? a : b}`);
      continue;
    }
    if (x.error || y.error) {
      if (x.error !== y.error) say(true, `${name}: error ${x.error} → ${y.error}`);
      continue;
    }
    for (const k of ['complete', 'passed'])
      if (x[k] !== y[k]) say(true, `${name}: ${k} ${x[k]} → ${y[k]}`);
    if (JSON.stringify(x.counts) !== JSON.stringify(y.counts))
      say(true, `${name}: counts ${JSON.stringify(x.counts)} → ${JSON.stringify(y.counts)}`);
    if (exact && x.events !== y.events) say(true, `${name}: events ${x.events} → ${y.events}`);
    const ys = new Map(y.checks.map((c) => [c.id, c]));
    for (const cx of x.checks) {
      const cy = ys.get(cx.id);
      if (!cy) {
        say(true, `${name} ${cx.id}: missing after`);
        continue;
      }
      ys.delete(cx.id);
      if (cx.verdict !== cy.verdict) say(true, `${name} ${cx.id}: ${cx.verdict} → ${cy.verdict}`);
      const strict = exact || cx.unit === 'count';
      if (cx.measured !== cy.measured)
        say(strict, `${name} ${cx.id}: measured ${cx.measured} → ${cy.measured} (${cx.unit})`);
      for (const key of new Set([
        ...Object.keys(cx.details ?? {}),
        ...Object.keys(cy.details ?? {}),
      ])) {
        const dx = cx.details?.[key];
        const dy = cy.details?.[key];
        if (dx !== dy) say(strict, `${name} ${cx.id}: details.${key} ${dx} → ${dy}`);
      }
      if (exact && (cx.note !== cy.note || cx.evidence !== cy.evidence))
        say(
          true,
          `${name} ${cx.id}: note/evidence ${cx.note}/${cx.evidence} → ${cy.note}/${cy.evidence}`,
        );
    }
    for (const id of ys.keys()) say(true, `${name} ${id}: new check after`);
  }
  console.log(`${hard} difference(s) that must match, ${soft} timing drift(s)`);
  process.exitCode = hard ? 1 : 0;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'run') await run(args);
else if (mode === 'rejudge') await rejudge(args);
else if (mode === 'compare') compare(args);
else {
  console.error('usage: compare-verdicts.mjs run|rejudge|compare … (see the head of this file)');
  process.exitCode = 2;
}
