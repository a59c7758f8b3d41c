import type { SimulatorDefinition } from '../simulators/core/define-simulator.js';
import type { World } from '../world/index.js';

/** Base URLs, credentials and the env vars a target gets (also at `/_omnichaos/endpoints`). */
export interface Endpoints {
  control: string;
  simulators: Record<string, { url: string; dialect: string; credentials: Record<string, string> }>;
  env: Record<string, string>;
}

/**
 * What a target is told, from each simulator's manifest: `OMNICHAOS_<NAME>_URL` plus its own
 * credentials and env vars, and the control URL and seed for all.
 *
 * @example describeEndpoints(defs, world, 'http://127.0.0.1:4000', urls).env.OMNICHAOS_ERP_URL
 */
export function describeEndpoints(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous state types
  defs: readonly SimulatorDefinition<any>[],
  world: World,
  controlUrl: string,
  urls: Readonly<Record<string, string>>,
): Endpoints {
  const env: Record<string, string> = {
    OMNICHAOS_CONTROL_URL: controlUrl,
    OMNICHAOS_SEED: String(world.seed),
  };
  const simulators: Endpoints['simulators'] = {};
  for (const def of defs) {
    const url = urls[def.name] ?? '';
    simulators[def.name] = { url, dialect: def.dialect, credentials: def.credentials(world) };
    Object.assign(env, { [urlVar(def.name)]: url }, def.env(url, world));
  }
  return { control: controlUrl, simulators, env };
}

/** @example urlVar('erp') // 'OMNICHAOS_ERP_URL' */
export function urlVar(system: string): string {
  return `OMNICHAOS_${system.toUpperCase()}_URL`;
}
