import type { SimulatorDefinition } from './core/define-simulator.js';
import { erpSimulator } from './erp/index.js';
import { marketplaceSimulator } from './marketplace/index.js';
import { posSimulator } from './pos/index.js';
import { storefrontSimulator } from './storefront/index.js';
import { wmsSimulator } from './wms/index.js';

/**
 * The simulator registry. Every built-in dialect is one line here; the scenario format, the
 * runner, `up`, the dashboard, the reports and the testcontainers types read their system names,
 * keys, env vars, labels and colours from it (docs/architecture.md#the-simulator-manifest).
 */
export const BUILTIN_SIMULATORS = [
  erpSimulator,
  posSimulator,
  wmsSimulator,
  marketplaceSimulator,
  storefrontSimulator,
] as const;

/** The built-in system names: `'erp' | 'pos' | 'wms' | 'marketplace' | 'storefront'`. */
export type BuiltinSystemName = (typeof BUILTIN_SIMULATORS)[number]['name'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each simulator has its own state type
export type AnySimulator = SimulatorDefinition<any>;

const registry: AnySimulator[] = [...BUILTIN_SIMULATORS];
let generation = 0;

/**
 * Add a simulator beside the built-in ones (a plug-in, or a test's extra system): `up`, `run`
 * and the scenario format take it from then on. Throws when its name or port offset is taken.
 *
 * @example registerSimulator(storefrontSimulator)
 */
export function registerSimulator(def: AnySimulator): void {
  const clash = registry.find((d) => d.name === def.name || d.portOffset === def.portOffset);
  if (clash)
    throw new Error(
      `[omnichaos:simulator] cannot register "${def.name}": ${clash.name === def.name ? 'the name' : `port offset ${def.portOffset}`} is taken by "${clash.name}"`,
    );
  registry.push(def);
  generation++;
}

/** Take a registered simulator out again (tests); false when none has that name. */
export function unregisterSimulator(name: string): boolean {
  const at = registry.findIndex((d) => d.name === name);
  if (at < 0) return false;
  registry.splice(at, 1);
  generation++;
  return true;
}

/** The registered simulators, in port order. */
export function registeredSimulators(): readonly AnySimulator[] {
  return [...registry].sort((a, b) => a.portOffset - b.portOffset);
}

/** The registered system names, in port order. */
export function systemNames(): string[] {
  return registeredSimulators().map((d) => d.name);
}

/** The registered simulator called `name`, if any. */
export function registeredSimulator(name: string): AnySimulator | undefined {
  return registry.find((d) => d.name === name);
}

/** Changes on every register/unregister: schemas built from the registry rebuild when it moves. */
export function registryGeneration(): number {
  return generation;
}

/**
 * Memoise `build` until the registry changes.
 *
 * @example const schema = fromRegistry(() => z.enum(systemNames()))
 */
export function fromRegistry<T>(build: () => T): () => T {
  let at = -1;
  let value: T;
  return () => {
    if (at !== generation) {
      value = build();
      at = generation;
    }
    return value;
  };
}
