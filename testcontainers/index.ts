/**
 * `omnichaos/testcontainers`: the omnichaos image in tests, through testcontainers (an optional
 * peer dependency: `npm i -D testcontainers`). See docs/containers.md.
 *
 * @example
 * import { OmnichaosContainer } from 'omnichaos/testcontainers';
 * const oc = await new OmnichaosContainer('omnichaos:dev').withSeed(7).start();
 * // oc.urls.erp, oc.credentials.pos.accessToken, oc.env, oc.faults.add({ preset: 'erp-maintenance' })
 * await oc.stop();
 */
export { OmnichaosContainer } from './omnichaos-container.js';
export {
  StartedOmnichaosContainer,
  type OmnichaosEndpoints,
  type SystemName,
} from './started-omnichaos-container.js';
export { ControlClient, type FaultEntry, type OmnichaosHealth } from './control-client.js';
export { ControlPlaneWaitStrategy } from './control-wait-strategy.js';
export { freePortBlock } from './free-ports.js';
