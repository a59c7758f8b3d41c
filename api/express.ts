/**
 * `omnichaos/express`: a simulator mounted in your express app (express 5).
 *
 * @example
 * import express from 'express';
 * import { Simulators } from 'omnichaos';
 * import { simulatorRouter } from 'omnichaos/express';
 * const sims = await new Simulators().start();
 * express().use('/pos', simulatorRouter(sims.runtime.simulators.pos!.handle));
 */
export { simulatorRouter } from '../simulators/transports/express.js';
