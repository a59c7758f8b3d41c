import { basename } from 'node:path';
import { GenericContainer } from 'testcontainers';
import { ControlPlaneWaitStrategy } from './control-wait-strategy.js';
import { registeredSimulators } from '../simulators/index.js';
import { freePortBlock } from './free-ports.js';
import {
  StartedOmnichaosContainer,
  type OmnichaosEndpoints,
} from './started-omnichaos-container.js';

/** Where `withScenario` puts the file inside the container. */
const SCENARIO_DIR = '/omnichaos/scenarios';
const fail = (message: string) => new Error(`[omnichaos:testcontainers] ${message}`);

/** The control port and one port per registered simulator (its manifest's `portOffset`). */
function portBlockSize(): number {
  return 1 + Math.max(0, ...registeredSimulators().map((d) => d.portOffset));
}

/**
 * The omnichaos image as a testcontainers module: `omnichaos up` (control plane + the four
 * simulators) in a container on the host network, ready when its control plane answers.
 *
 * Host networking means the ports are ports of the Docker host: the control plane on `port`, the
 * simulators on the four after it (a free block is picked unless `withPort` says otherwise).
 *
 * @example
 * const oc = await new OmnichaosContainer('omnichaos:dev').withSeed(7).start();
 * await fetch(`${oc.urls.erp}/services/rest/record/v1/customer?limit=1`, {
 *   headers: { authorization: `Bearer ${oc.credentials.erp.accessToken}` },
 * });
 * await oc.stop();
 */
export class OmnichaosContainer extends GenericContainer {
  private port: number | undefined;
  private token: string | undefined;

  constructor(image = 'omnichaos:dev') {
    super(image);
    this.withNetworkMode('host').withStartupTimeout(60_000);
  }

  /** The seed of the generated world (default 42, or the scenario's). */
  withSeed(seed: number): this {
    if (!Number.isInteger(seed) || seed < 0)
      throw fail(`withSeed expects a non-negative integer, got ${seed}`);
    return this.withEnvironment({ OMNICHAOS_SEED: String(seed) });
  }

  /**
   * A scenario file from this machine: copied into the container; its faults and simulator
   * settings apply from the start. `demand: true` also runs the scenario's demand (`--demand`).
   */
  withScenario(file: string, options: { demand?: boolean } = {}): this {
    const target = `${SCENARIO_DIR}/${basename(file)}`;
    this.withCopyFilesToContainer([{ source: file, target, mode: 0o644 }]);
    return this.withEnvironment({
      OMNICHAOS_SCENARIO: target,
      OMNICHAOS_DEMAND: String(options.demand ?? false),
    });
  }

  /** The control port on the host (the simulators take the four after it). Default: free ones. */
  withPort(port: number): this {
    if (!Number.isInteger(port) || port < 1 || port > 65_000)
      throw fail(`withPort expects a port number from 1 to 65000, got ${port}`);
    this.port = port;
    return this;
  }

  /** Require `Authorization: Bearer <token>` on the control plane (the handle sends it). */
  withToken(token: string): this {
    this.token = token;
    return this.withEnvironment({ OMNICHAOS_TOKEN: token });
  }

  /** Scenario clock speed (e.g. 10 = ten scenario seconds per wall second). */
  withSpeed(speed: number): this {
    if (!(speed > 0)) throw fail(`withSpeed expects a number > 0, got ${speed}`);
    return this.withEnvironment({ OMNICHAOS_SPEED: String(speed) });
  }

  /** Send the simulators' webhooks to your integration: `<base>/pos`, `/wms`, `/marketplace`. */
  withWebhookBase(url: string): this {
    return this.withEnvironment({ OMNICHAOS_WEBHOOK_BASE: url });
  }

  override async start(): Promise<StartedOmnichaosContainer> {
    const port = this.port ?? (await freePortBlock(portBlockSize()));
    const controlUrl = `http://127.0.0.1:${port}`;
    const headers: Record<string, string> = this.token
      ? { authorization: `Bearer ${this.token}` }
      : {};
    const wait = new ControlPlaneWaitStrategy(controlUrl, headers);
    this.withEnvironment({ OMNICHAOS_PORT: String(port) }).withWaitStrategy(wait);
    const started = await super.start();
    try {
      const res = await fetch(`${controlUrl}/_omnichaos/endpoints`, { headers });
      if (!res.ok) throw fail(`GET ${controlUrl}/_omnichaos/endpoints answered ${res.status}`);
      return new StartedOmnichaosContainer(
        started,
        (await res.json()) as OmnichaosEndpoints,
        headers,
      );
    } catch (err) {
      await started.stop();
      throw err;
    }
  }
}
