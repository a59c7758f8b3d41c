import { parseArgs } from 'node:util';
import { PRESET_NAMES } from '../../scenarios/catalog.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';

/**
 * `omnichaos chaos add|list|remove|clear` against a running `omnichaos up` (its control plane).
 */
export const chaosCommand: Command = {
  name: 'chaos',
  summary: 'add, list, remove or clear faults on a running `omnichaos up`',
  usage: [
    'omnichaos chaos add <preset|fault-type> [--system S] [--operation OP] [--for 60s] [--from 0s] [--probability P | --first-attempts N] [--params JSON] [--id ID]',
    '       omnichaos chaos list | remove <id> | clear        (all take --control URL, default http://127.0.0.1:4000, and --token T)',
    '  e.g. omnichaos chaos add erp-maintenance --for 60s',
    '       omnichaos chaos add latency --system wms --params \'{"distribution":"fixed","ms":800}\'',
    `  presets: ${PRESET_NAMES.join(', ')}`,
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        control: {
          type: 'string',
          default: process.env.OMNICHAOS_CONTROL_URL ?? 'http://127.0.0.1:4000',
        },
        token: { type: 'string' },
        system: { type: 'string' },
        operation: { type: 'string' },
        for: { type: 'string' },
        from: { type: 'string' },
        probability: { type: 'string' },
        'first-attempts': { type: 'string' },
        params: { type: 'string' },
        id: { type: 'string' },
      },
    });
    const [action, name] = positionals;
    const call = async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (values.token) headers.authorization = `Bearer ${values.token}`;
      let res: Response;
      try {
        res = await fetch(`${values.control}/_omnichaos${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch {
        throw new UsageError(
          `cannot reach the control plane at ${values.control} — is "omnichaos up" running? (--control URL)`,
        );
      }
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) {
        io.err(String(json.error ?? JSON.stringify(json)));
        return undefined;
      }
      return json;
    };
    switch (action) {
      case 'list': {
        const res = await call('GET', '/faults');
        if (!res) return 2;
        const faults = res.faults as {
          id: string;
          type: string;
          match: unknown;
          window: unknown;
        }[];
        if (faults.length === 0) io.out('no faults');
        for (const f of faults)
          io.out(
            `${f.id.padEnd(24)} ${f.type.padEnd(18)} match ${JSON.stringify(f.match)} window ${JSON.stringify(f.window)}`,
          );
        return 0;
      }
      case 'clear': {
        const res = await call('DELETE', '/faults');
        if (!res) return 2;
        io.out(`removed ${res.removed} fault(s)`);
        return 0;
      }
      case 'remove': {
        if (!name) throw new UsageError('give the fault id to remove');
        return (await call('DELETE', `/faults/${encodeURIComponent(name)}`)) ? 0 : 2;
      }
      case 'add': {
        if (!name) throw new UsageError('give a preset or a fault type to add');
        const entry: Record<string, unknown> = (PRESET_NAMES as readonly string[]).includes(name)
          ? { preset: name }
          : { type: name };
        if (values.id) entry.id = values.id;
        if (values.system || values.operation)
          entry.match = { system: values.system, operation: values.operation };
        if (values.for || values.from) entry.window = { from: values.from, for: values.for };
        if (values.probability) entry.probability = Number(values.probability);
        if (values['first-attempts']) entry.firstAttempts = Number(values['first-attempts']);
        if (values.params) {
          try {
            entry.params = JSON.parse(values.params);
          } catch {
            throw new UsageError(`--params must be JSON, got ${values.params}`);
          }
        }
        const res = await call('POST', '/faults', JSON.parse(JSON.stringify(entry)));
        if (!res) return 2;
        for (const f of res.added as { id: string; type: string }[])
          io.out(`added ${f.id} (${f.type})`);
        return 0;
      }
      default:
        throw new UsageError(`unknown action "${action ?? ''}": use add, list, remove or clear`);
    }
  },
};
