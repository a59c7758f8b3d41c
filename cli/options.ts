import { parseArgs } from 'node:util';
import { closest } from '../scenarios/suggest.js';
import { UsageError } from './io.js';

/**
 * One command-line option, described once: the parser, `--help` and the "did you mean" hint all
 * read this. node:util `parseArgs` does the parsing; this adds what a user reads.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** What it does, one line. */
  description: string;
  /** Shown as `--name VALUE` in help; default `VALUE` for strings. */
  value?: string;
  default?: string | boolean;
  /** Said in help when the default is computed (e.g. "the scenario's seed"). */
  defaultText?: string;
  multiple?: boolean;
  short?: string;
  /** One example of the option in use, e.g. `--speed 20`. */
  example?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** What `--help` prints for a command. */
export interface HelpSpec {
  name: string;
  summary: string;
  usage: string;
  options?: OptionSpecs;
  /** Positional arguments, name → description. */
  args?: Record<string, string>;
  examples?: string[];
  /** Extra paragraphs after the options (lists of presets, kinds, …). */
  notes?: string[];
}

type Value<S extends OptionSpec> = S extends { type: 'boolean' }
  ? S extends { multiple: true }
    ? boolean[]
    : boolean
  : S extends { multiple: true }
    ? string[]
    : string;

/** The parsed values of a spec declared with `satisfies OptionSpecs`, typed per option. */
export type OptionValues<T extends OptionSpecs> = {
  [K in keyof T]: T[K] extends { default: string | boolean }
    ? Value<T[K]>
    : Value<T[K]> | undefined;
};

/**
 * Parses `args` against `specs`; an unknown option becomes a UsageError that names the closest
 * known one ("unknown option --sped; did you mean --speed?").
 *
 * @example parseOptions(['--seed', '7'], { seed: { type: 'string', description: 'the seed' } })
 */
export function parseOptions<T extends OptionSpecs>(
  args: string[],
  specs: T,
  allowPositionals = false,
): { values: OptionValues<T>; positionals: string[] } {
  for (const arg of args) {
    if (!arg.startsWith('--') || arg === '--') continue;
    const name = arg.slice(2).split('=')[0]!;
    if (name === 'help' || name in specs) continue;
    const near = closest(name, Object.keys(specs));
    throw new UsageError(`unknown option --${name}${near ? `; did you mean --${near}?` : ''}`);
  }
  const options: Record<
    string,
    {
      type: 'string' | 'boolean';
      default?: string | boolean;
      multiple?: boolean;
      short?: string;
    }
  > = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type };
    if (spec.default !== undefined) options[name].default = spec.default;
    if (spec.multiple) options[name].multiple = true;
    if (spec.short) options[name].short = spec.short;
  }
  const parsed = parseArgs({ args, options, allowPositionals, strict: true });
  return { values: parsed.values as OptionValues<T>, positionals: parsed.positionals };
}

const WIDTH = 100;

function wrap(text: string, indent: number, width = WIDTH): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The text `omnichaos <command> --help` prints: summary, usage, every option with its
 * description, default and an example, then examples — fits a 100-column terminal.
 */
export function renderHelp(spec: HelpSpec): string {
  const out: string[] = [spec.summary, '', `Usage: ${spec.usage}`];
  if (spec.args && Object.keys(spec.args).length > 0) {
    out.push('', 'Arguments:');
    for (const [name, text] of Object.entries(spec.args)) {
      out.push(`  ${name}`);
      for (const l of wrap(text, 6)) out.push(`      ${l}`);
    }
  }
  const options = Object.entries(spec.options ?? {});
  if (options.length > 0) {
    out.push('', 'Options:');
    for (const [name, o] of options) {
      const head = o.type === 'string' ? `--${name} ${o.value ?? 'VALUE'}` : `--${name}`;
      out.push(`  ${o.short ? `-${o.short}, ` : ''}${head}${o.multiple ? '  (repeatable)' : ''}`);
      const def =
        o.defaultText ??
        (o.default !== undefined && o.default !== false && o.default !== ''
          ? String(o.default)
          : undefined);
      const text = `${o.description}${def !== undefined ? ` Default: ${def}.` : ''}${
        o.example ? ` Example: ${o.example}` : ''
      }`;
      for (const l of wrap(text, 6)) out.push(`      ${l}`);
    }
    out.push('  --help', '      Print this help.');
  }
  if (spec.examples && spec.examples.length > 0) {
    out.push('', 'Examples:');
    for (const e of spec.examples) out.push(`  ${e}`);
  }
  for (const note of spec.notes ?? []) {
    out.push('');
    for (const l of wrap(note, 0)) out.push(l);
  }
  return out.join('\n');
}

/** The options `run` and `demo` share: how fast, where the reports go, and keeping the page up. */
export const RUN_OUTPUT_OPTIONS = {
  speed: {
    type: 'string',
    value: 'X',
    description: 'compress business time X times (arrivals, lifecycles, fault windows).',
    defaultText: "the scenario's clock.speed",
    example: '--speed 20',
  },
  'target-clock': {
    type: 'string',
    value: 'auto|scenario|wall',
    defaultText: "the scenario target's clock, else auto",
    description:
      "the clock the target reads: scenario (its Date.now, time.time, sleeps and timers follow the scenario's start and speed, under libfaketime), wall (the machine's), or auto (scenario when libfaketime is installed, else wall with a warning).",
    example: '--target-clock scenario',
  },
  out: {
    type: 'string',
    value: 'DIR',
    description: 'the run directory for the journal and the reports.',
    defaultText: 'runs/<scenario>-<seed>-<time>',
    example: '--out runs/ci',
  },
  linger: {
    type: 'boolean',
    default: false,
    description: 'keep the dashboard up with the final verdict until Ctrl-C.',
    example: '--linger',
  },
} satisfies OptionSpecs;

/**
 * `--target-clock`'s value, checked.
 *
 * @example targetClockOption('scenario') // 'scenario'; undefined when the flag is absent
 */
export function targetClockOption(
  raw: string | undefined,
): 'auto' | 'scenario' | 'wall' | undefined {
  if (raw === undefined || raw === 'auto' || raw === 'scenario' || raw === 'wall') return raw;
  throw new UsageError(`--target-clock expects auto, scenario or wall, got "${raw}"`);
}
