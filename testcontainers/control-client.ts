import type { JournalEvent, JournalQuery } from '../journal/journal.js';
import type { FaultRule } from '../scenarios/types.js';

/** `GET /_omnichaos/health`. */
export interface OmnichaosHealth {
  status: 'ok';
  seed: number;
  clock: { kind: string; now: string; speed: number; paused: boolean };
  journal: { events: number; file?: string };
  simulators: Array<{ name: string; dialect: string; url: string; refusing: boolean }>;
}

/**
 * A fault as a scenario spells it, in JSON: a preset or a rule. Windows count from now.
 *
 * @example { preset: 'erp-maintenance', window: { for: '60s' } }
 * @example { type: 'latency', match: { system: 'pos' }, params: { ms: 500 } }
 */
export type FaultEntry = Record<string, unknown>;

/**
 * The control plane's HTTP API (`/_omnichaos/*`) as methods; every non-2xx answer throws with
 * the server's error message.
 *
 * @example await new ControlClient('http://127.0.0.1:4000').faults.clear()
 */
export class ControlClient {
  constructor(
    readonly controlUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  readonly faults = {
    /** Add one entry or several; answers the rules added (a preset expands to several). */
    add: async (entry: FaultEntry | FaultEntry[]): Promise<FaultRule[]> =>
      (await this.request<{ added: FaultRule[] }>('POST', '/faults', entry)).added,
    /** The active rules in pipeline order. */
    list: async (): Promise<FaultRule[]> =>
      (await this.request<{ faults: FaultRule[] }>('GET', '/faults')).faults,
    remove: async (id: string): Promise<void> => {
      await this.request('DELETE', `/faults/${encodeURIComponent(id)}`);
    },
    /** Remove every rule; answers how many there were. */
    clear: async (): Promise<number> =>
      (await this.request<{ removed: number }>('DELETE', '/faults')).removed,
  };

  health(): Promise<OmnichaosHealth> {
    return this.request('GET', '/health');
  }

  /** The generated world: seed, size and a digest of its contents (equal seeds, equal digests). */
  world(): Promise<{ seed: number; size: Record<string, number>; digest: string }> {
    return this.request('GET', '/world');
  }

  journal(query: JournalQuery = {}): Promise<{ count: number; events: JournalEvent[] }> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size ? `?${params}` : '';
    return this.request('GET', `/journal${qs}`);
  }

  /** Forget every order, job and event since the start (the world stays). */
  async reset(): Promise<void> {
    await this.request('POST', '/reset');
  }

  /** Any control route, e.g. `request('POST', '/clock', { action: 'pause' })`. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.controlUrl}/_omnichaos${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        ...this.headers,
        // Every write is JSON to the control plane, a body-less one too (docs/control-plane.md).
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new Error(
        `[omnichaos:testcontainers] ${method} ${url} answered ${res.status}: ${message}`,
      );
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
