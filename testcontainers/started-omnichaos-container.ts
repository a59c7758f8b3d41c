import { AbstractStartedContainer, type StartedTestContainer } from 'testcontainers';
import type { Endpoints } from '../runtime/start-simulators.js';
import type { BuiltinSystemName } from '../simulators/index.js';
import { ControlClient } from './control-client.js';

/** `/_omnichaos/endpoints`: base URLs, credentials and the env vars an integration gets. */
export type OmnichaosEndpoints = Endpoints;

/** The built-in simulators (from the simulator registry), in port order after the control port. */
export type SystemName = BuiltinSystemName;

/**
 * A running omnichaos container: every base URL, the credentials, the `OMNICHAOS_*` env vars
 * to hand to the integration under test, and the control API (faults, health, journal, world).
 *
 * @example
 * const oc = await new OmnichaosContainer('omnichaos:dev').start();
 * const integration = spawn('node', ['server.js'], { env: { ...process.env, ...oc.env } });
 * await oc.faults.add({ preset: 'erp-maintenance', window: { for: '60s' } });
 */
export class StartedOmnichaosContainer extends AbstractStartedContainer {
  /** `http://127.0.0.1:<port>`; the control API lives under `/_omnichaos/`. */
  readonly controlUrl: string;
  /** Base URL of each simulator. */
  readonly urls: Readonly<Record<SystemName, string>>;
  /** Each simulator's credentials (NetSuite TBA keys, Square token, LWA client, …). */
  readonly credentials: Readonly<Record<SystemName, Readonly<Record<string, string>>>>;
  /** `OMNICHAOS_ERP_URL`, `OMNICHAOS_POS_ACCESS_TOKEN`, …: the integration's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The control API: faults, clock, health, world, journal, reset. */
  readonly control: ControlClient;

  constructor(
    started: StartedTestContainer,
    endpoints: OmnichaosEndpoints,
    headers: Record<string, string>,
  ) {
    super(started);
    this.controlUrl = endpoints.control;
    const sims = endpoints.simulators as Record<SystemName, Endpoints['simulators'][string]>;
    const pick = <T>(f: (s: Endpoints['simulators'][string]) => T) =>
      Object.fromEntries(Object.entries(sims).map(([name, s]) => [name, f(s)])) as Record<
        SystemName,
        T
      >;
    this.urls = pick((s) => s.url);
    this.credentials = pick((s) => s.credentials);
    this.env = endpoints.env;
    this.control = new ControlClient(endpoints.control, headers);
  }

  /** Add, list, remove and clear faults at run time (`/_omnichaos/faults`). */
  get faults(): ControlClient['faults'] {
    return this.control.faults;
  }

  /** `GET /_omnichaos/health`: seed, clock, journal size, simulators. */
  health(): ReturnType<ControlClient['health']> {
    return this.control.health();
  }

  /** `GET /_omnichaos/journal`: what happened, newest last (filter by type, sys, afterSeq). */
  journal(query?: Parameters<ControlClient['journal']>[0]): ReturnType<ControlClient['journal']> {
    return this.control.journal(query);
  }
}
