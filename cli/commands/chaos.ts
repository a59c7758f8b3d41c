import { PRESETS } from '../../chaos/presets.js';
import { faultDefinition } from '../../chaos/registry.js';
import { PRESET_NAMES } from '../../scenarios/catalog.js';
import { UsageError } from '../io.js';
import type { Command } from '../main.js';
import { parseOptions, type OptionSpecs } from '../options.js';
import { formatMs } from '../../report/format.js';

const options = {
  control: {
    type: 'string',
    value: 'URL',
    default: process.env.OMNICHAOS_CONTROL_URL ?? 'http://127.0.0.1:4000',
    description: 'the control plane of a running "omnichaos up" (env OMNICHAOS_CONTROL_URL).',
    example: '--control http://127.0.0.1:4100',
  },
  token: {
    type: 'string',
    value: 'T',
    description: 'the bearer token "omnichaos up --token" was started with.',
    example: '--token s3cret',
  },
  system: {
    type: 'string',
    value: 'S',
    description: 'add: only requests to this simulator (erp, pos, wms, marketplace).',
    example: '--system erp',
  },
  operation: {
    type: 'string',
    value: 'OP',
    description: "add: only this operation (the dialect's operation name).",
    example: '--operation getOrders',
  },
  for: {
    type: 'string',
    value: 'DURATION',
    description: 'add: how long the fault lasts, in scenario time.',
    defaultText: 'until removed',
    example: '--for 60s',
  },
  from: {
    type: 'string',
    value: 'DURATION',
    description: 'add: start this long from now, in scenario time.',
    defaultText: 'now',
    example: '--from 30s',
  },
  probability: {
    type: 'string',
    value: 'P',
    description: 'add: the share of matching requests it hits (0..1).',
    defaultText: 'every matching request',
    example: '--probability 0.2',
  },
  'first-attempts': {
    type: 'string',
    value: 'N',
    description: 'add: hit only the first N attempts of each logical operation.',
    example: '--first-attempts 2',
  },
  params: {
    type: 'string',
    value: 'JSON',
    description: "add: the fault type's parameters as JSON.",
    example: `--params '{"distribution":"fixed","ms":800}'`,
  },
  id: {
    type: 'string',
    value: 'ID',
    description: 'add: the rule id (to remove it later).',
    defaultText: 'runtime-<n>',
    example: '--id erp-down',
  },
  json: {
    type: 'boolean',
    default: false,
    description: "list/add/presets: print JSON instead of a table (list/add: the control plane's).",
    example: 'list --json',
  },
} satisfies OptionSpecs;

interface ListedFault {
  id: string;
  type: string;
  match?: { system?: string; operation?: string; [k: string]: unknown };
  window?: { fromMs?: number; untilMs?: number; everyMs?: number };
  frequency?: { kind: string; p?: number; n?: number };
}

/** One fault as a human reads it: where, when (scenario time since start) and how often. */
function describeFault(f: ListedFault): string[] {
  const where = [f.match?.system, f.match?.operation].filter(Boolean).join(' ') || 'every system';
  const w = f.window ?? {};
  const when =
    w.untilMs === undefined
      ? `from ${formatMs(w.fromMs ?? 0)} on`
      : `${formatMs(w.fromMs ?? 0)} → ${formatMs(w.untilMs)}`;
  const freq = f.frequency;
  const how =
    freq?.kind === 'probability'
      ? `${Math.round((freq.p ?? 1) * 1000) / 10}% of requests`
      : freq?.kind === 'firstAttempts'
        ? `first ${freq.n} attempt(s)`
        : freq?.kind === 'everyNth'
          ? `every ${freq.n}th request`
          : 'every request';
  return [f.id, f.type, where, when + (w.everyMs ? ` every ${formatMs(w.everyMs)}` : ''), how];
}

/** Left-aligned columns, two spaces apart. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A fault's params as the engine will use them: the preset's own, then the type's defaults. */
function withDefaults(type: string, params: unknown): unknown {
  return faultDefinition(type).params.parse(params);
}

/**
 * Every preset's exact contents, as `omnichaos chaos presets` prints them (docs/chaos.md holds
 * the same text; a test keeps the two equal).
 *
 * @example presetsText(['erp-maintenance']).split('\n')[0] // 'erp-maintenance — ERP answers 503 …'
 */
export function presetsText(names: readonly string[] = PRESET_NAMES): string {
  const blocks: string[] = [];
  for (const name of names) {
    const preset = PRESETS[name as keyof typeof PRESETS];
    const lines = [`${name} — ${preset.summary}`];
    preset.rules.forEach((rule, i) => {
      const id = preset.rules.length === 1 ? '<id>' : `<id>/${i + 1}`;
      const where = Object.entries(rule.match)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ');
      const f = rule.frequency;
      const how =
        f?.kind === 'probability'
          ? `probability ${f.p}`
          : f?.kind === 'firstAttempts'
            ? `first ${f.n} attempt(s)`
            : f?.kind === 'everyNth'
              ? `every ${f.n}th`
              : 'always';
      lines.push(
        `  ${id}: ${rule.type} on ${where || 'every system'}, ${how}, params ${JSON.stringify(withDefaults(rule.type, rule.params))}`,
      );
    });
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/**
 * `omnichaos chaos add|list|remove|clear` against a running `omnichaos up` (its control plane),
 * and `chaos presets`, which needs none.
 */
export const chaosCommand: Command = {
  name: 'chaos',
  summary: 'add, list, remove or clear faults on a running `omnichaos up`',
  usage:
    'omnichaos chaos add <preset|type> [options] | list | remove <id> | clear | presets [name]',
  notes: [
    `presets: ${PRESET_NAMES.join(', ')} ("chaos presets" prints what each contains; a scenario's window, probability and ramp replace the preset's own).`,
  ],
  args: {
    action: 'add <preset|fault-type>, list, remove <id>, clear, or presets [name]',
  },
  options,
  examples: [
    'omnichaos chaos add erp-maintenance --for 60s',
    'omnichaos chaos list',
    'omnichaos chaos remove runtime-1',
    'omnichaos chaos presets erp-maintenance --json',
  ],
  async run(args, io) {
    const { values, positionals } = parseOptions(args, options, true);
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
      case 'presets': {
        if (name && !(PRESET_NAMES as readonly string[]).includes(name))
          throw new UsageError(`unknown preset "${name}"; known: ${PRESET_NAMES.join(', ')}`);
        const names = name ? [name] : PRESET_NAMES;
        if (values.json)
          io.out(
            JSON.stringify(
              names.map((n) => {
                const preset = PRESETS[n as keyof typeof PRESETS];
                const rules = preset.rules.map((r) => ({
                  ...r,
                  params: withDefaults(r.type, r.params),
                }));
                return { name: n, summary: preset.summary, rules };
              }),
              null,
              2,
            ),
          );
        else io.out(presetsText(names));
        return 0;
      }
      case 'list': {
        const res = await call('GET', '/faults');
        if (!res) return 2;
        const faults = res.faults as ListedFault[];
        if (values.json) io.out(JSON.stringify(faults, null, 2));
        else if (faults.length === 0) io.out('no faults');
        else
          io.out(
            table([
              ['ID', 'TYPE', 'MATCHES', 'WINDOW (scenario time)', 'HITS'],
              ...faults.map(describeFault),
            ]),
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
        if (values.json) io.out(JSON.stringify(res.added, null, 2));
        else
          for (const f of res.added as ListedFault[])
            io.out(`added ${describeFault(f).join('  ')}`);
        return 0;
      }
      default:
        throw new UsageError(
          `unknown action "${action ?? ''}": use add, list, remove, clear or presets`,
        );
    }
  },
};
