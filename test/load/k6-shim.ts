import { readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { vi } from 'vitest';

/**
 * Just enough of k6 to run the real `load/*.js` scripts under vitest (no k6 binary can be
 * installed here): `k6/http` with k6's SYNCHRONOUS requests (a worker thread fetches while the
 * test thread waits on an Atomics flag, so the server must live in another process: `up`),
 * `k6/execution` whose scenario fields a test sets per iteration, `check`, `sleep` (recorded and
 * handed to a hook instead of waiting), and metrics that remember what was added.
 *
 * @example
 * const k6 = await vi.hoisted(async () => (await import('./k6-shim.js')).createK6Shim());
 * vi.mock('k6/http', () => ({ default: k6.http }));
 */

export interface K6Response {
  status: number;
  body: string | null;
  error: string;
  timings: { duration: number };
  json(): unknown;
}

interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
}

export interface K6Request {
  method: string;
  url: string;
  body: string | null;
  headers: Record<string, string>;
  tags: Record<string, string>;
}

/** exec.test.abort(): k6 ends the run; here the call throws this. */
export class K6Abort extends Error {}

const FETCHER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ req, flag, port }) => {
  const started = performance.now();
  let out;
  try {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined, signal: AbortSignal.timeout(10000) });
    out = { status: res.status, body: await res.text(), error: '' };
  } catch (e) {
    out = { status: 0, body: null, error: String(e.cause ?? e) };
  }
  out.ms = performance.now() - started;
  port.postMessage(out);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});`;

export function createK6Shim() {
  const worker = new Worker(FETCHER, { eval: true });
  worker.unref();
  const requests: K6Request[] = [];
  const checks: { name: string; ok: boolean }[] = [];
  const sleeps: number[] = [];
  const samples: { metric: string; value: number; tags: Record<string, string> }[] = [];
  let onSleep: (seconds: number) => void = () => {};
  let responseCallback: unknown;

  function request(method: string, url: string, body: unknown, params?: Params | null) {
    const headers = { ...params?.headers };
    let text: string | null = null;
    if (typeof body === 'string') text = body;
    else if (body && typeof body === 'object') {
      // k6 sends an object body form-encoded
      text = new URLSearchParams(body as Record<string, string>).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const req = { method, url, body: text, headers, tags: { ...params?.tags } };
    requests.push(req);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ req, flag, port: port2 }, [port2]);
    Atomics.wait(flag, 0, 0, 15_000);
    const out = receiveMessageOnPort(port1)?.message as
      { status: number; body: string | null; error: string; ms: number } | undefined;
    port1.close();
    if (!out) throw new Error(`k6 shim: no answer for ${method} ${url}`);
    const res: K6Response = {
      status: out.status,
      body: out.body,
      error: out.error,
      timings: { duration: out.ms },
      json: () => JSON.parse(out.body ?? ''),
    };
    return res;
  }

  const http = {
    get: (url: string, params?: Params) => request('GET', url, null, params),
    post: (url: string, body?: unknown, params?: Params) => request('POST', url, body, params),
    del: (url: string, body?: unknown, params?: Params) => request('DELETE', url, body, params),
    expectedStatuses: (...statuses: unknown[]) => ({ expectedStatuses: statuses }),
    setResponseCallback: (cb: unknown) => void (responseCallback = cb),
  };

  const exec = {
    scenario: { name: 'default', iterationInTest: 0, startTime: Date.now() },
    test: {
      abort: (reason?: string) => {
        throw new K6Abort(reason);
      },
    },
  };

  const check = (value: unknown, sets: Record<string, (v: unknown) => boolean>) => {
    let all = true;
    for (const [name, test] of Object.entries(sets)) {
      const ok = test(value);
      checks.push({ name, ok });
      all &&= ok;
    }
    return all;
  };

  const sleep = (seconds: number) => {
    sleeps.push(seconds);
    onSleep(seconds);
  };

  class Metric {
    constructor(readonly name: string) {}
    add(value: number | boolean, tags: Record<string, string> = {}) {
      samples.push({ metric: this.name, value: Number(value), tags });
    }
  }

  return {
    http,
    exec,
    check,
    sleep,
    metrics: { Counter: Metric, Gauge: Metric, Rate: Metric, Trend: Metric },
    requests,
    checks,
    sleeps,
    samples,
    /** What the script passed to http.setResponseCallback. */
    responseCallback: () => responseCallback,
    /** Run `hook` where the script sleeps (instead of waiting). */
    onSleep: (hook: (seconds: number) => void) => void (onSleep = hook),
    /** Set the k6/execution fields of the next iteration. */
    iteration(name: string, iterationInTest: number, elapsedS = 0) {
      exec.scenario.name = name;
      exec.scenario.iterationInTest = iterationInTest;
      exec.scenario.startTime = Date.now() - elapsedS * 1000;
    },
    reset() {
      for (const list of [requests, checks, sleeps, samples]) list.length = 0;
      onSleep = () => {};
    },
  };
}

export type K6Shim = ReturnType<typeof createK6Shim>;

/** Set k6's init-context globals (`__ENV`, `open`) for the next script import. */
function setK6Globals(env: Record<string, string>, open: (path: string) => string): void {
  Object.assign(globalThis, { __ENV: env, open });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plain JS module, loaded by path
export type Script = Record<string, any>;

/**
 * Import a `load/` script afresh, as `k6 run -e …` loads it: its init stage reads `__ENV` and may
 * `open()` files. Call after `vi.mock`-ing the k6 modules with the shim.
 *
 * @example const script = await loadScript('channel-demand.js', { OMNICHAOS_URL: url, OMNICHAOS_PLAN: file })
 */
export async function loadScript(name: string, env: Record<string, string>): Promise<Script> {
  setK6Globals(env, (path) => readFileSync(path, 'utf8'));
  vi.resetModules();
  const path = `../../load/${name}`;
  return (await import(/* @vite-ignore */ path)) as Script;
}
