#!/usr/bin/env node
// The image's entrypoint. The images carry no shell, so settings from the environment become
// command-line flags here (exec-form CMD cannot expand variables):
//
//   (no args) | up [flags]   `omnichaos up` with OMNICHAOS_PORT, _HOST, _SEED, _SCENARIO, _DEMAND,
//                            _SPEED, _TOKEN, _RUN_DIR, _ALLOW_HOSTS (comma-separated names for
//                            the control plane's Host check) as defaults for flags not given, and
//                            OMNICHAOS_WEBHOOK_BASE: simulators post webhooks to <base>/<system>
//   reference                the bundled reference integration, configured from the control
//                            plane's /_omnichaos/endpoints (OMNICHAOS_CONTROL_URL)
//   health [URL]             exit 0 when URL (default: the control plane's health) answers 2xx
//   anything else            passed to the omnichaos CLI (run, validate, world, chaos, …)
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const port = env.OMNICHAOS_PORT || '4000';
const controlUrl = env.OMNICHAOS_CONTROL_URL || `http://127.0.0.1:${port}`;
const auth = env.OMNICHAOS_TOKEN ? { authorization: `Bearer ${env.OMNICHAOS_TOKEN}` } : {};
/** The systems whose webhooks the reference integration receives (runner/reference.ts). */
const WEBHOOK_SYSTEMS = ['pos', 'wms', 'marketplace'];

const [command = 'up', ...rest] = process.argv.slice(2);
if (command === 'health') process.exit((await healthy(rest[0])) ? 0 : 1);
else if (command === 'reference') await reference();
else await cli(command === 'up' ? ['up', ...(await upFlags(rest))] : [command, ...rest]);

async function cli(args) {
  process.argv = [process.argv[0], join(app, 'bin', 'omnichaos.js'), ...args];
  await import(pathToFileURL(join(app, 'bin', 'omnichaos.js')).href);
}

/** Flags from the environment for those not on the command line. */
async function upFlags(args) {
  const given = new Set(args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]));
  const flags = [...args];
  const add = (flag, value) => {
    if (value && !given.has(flag)) flags.push(flag, value);
  };
  add('--port', port);
  add('--host', env.OMNICHAOS_HOST);
  add('--seed', env.OMNICHAOS_SEED);
  add('--speed', env.OMNICHAOS_SPEED);
  add('--token', env.OMNICHAOS_TOKEN);
  add('--run-dir', env.OMNICHAOS_RUN_DIR);
  add('--allow-host', env.OMNICHAOS_ALLOW_HOSTS);
  if (/^(1|true|yes)$/i.test(env.OMNICHAOS_DEMAND ?? '') && !given.has('--demand'))
    flags.push('--demand');
  const at = flags.indexOf('--scenario');
  const scenario = at === -1 ? env.OMNICHAOS_SCENARIO : flags[at + 1];
  if (env.OMNICHAOS_WEBHOOK_BASE) {
    // `up` takes webhook URLs from a scenario's target: write one that adds them.
    const file = await withWebhooks(scenario, env.OMNICHAOS_WEBHOOK_BASE.replace(/\/+$/, ''));
    if (at === -1) flags.push('--scenario', file);
    else flags[at + 1] = file;
  } else if (scenario && at === -1) flags.push('--scenario', scenario);
  return flags;
}

async function withWebhooks(scenarioFile, base) {
  const { parseDocument } = await import('yaml');
  const doc = scenarioFile
    ? parseDocument(await readFile(scenarioFile, 'utf8'))
    : parseDocument('version: 1\nname: container\nseed: 42\nclock:\n  duration: 3650d\n');
  for (const sys of WEBHOOK_SYSTEMS) doc.setIn(['target', 'webhooks', sys], `${base}/${sys}`);
  const file = join(env.TMPDIR || '/tmp', 'omnichaos-up-scenario.yaml');
  writeFileSync(file, String(doc));
  return file;
}

/** Wait for the control plane, take its env vars, then run the reference integration. */
async function reference() {
  const waitMs = Number(env.OMNICHAOS_WAIT_MS || 60_000);
  const until = Date.now() + waitMs;
  let endpoints;
  while (!endpoints) {
    endpoints = await fetch(`${controlUrl}/_omnichaos/endpoints`, { headers: auth })
      .then((r) => (r.ok ? r.json() : undefined))
      .catch(() => undefined);
    if (endpoints) break;
    if (Date.now() > until) {
      console.error(`[omnichaos:reference] no control plane at ${controlUrl} after ${waitMs} ms`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  for (const [k, v] of Object.entries(endpoints.env)) env[k] ??= v;
  env.STATE_DIR ??= join(env.TMPDIR || '/tmp', 'reference-integration'); // /app is read-only
  await import(pathToFileURL(join(app, 'dist', 'examples', 'reference-integration', 'main.js')));
}

async function healthy(url = `${controlUrl}/_omnichaos/health`) {
  const res = await fetch(url, { headers: auth, signal: AbortSignal.timeout(3_000) }).catch(
    () => undefined,
  );
  return res?.ok === true;
}
