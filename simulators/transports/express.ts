import express, { type Router } from 'express';
import { nodeListener, type NodeTransportOptions, type SimHandler } from './node-http.js';

/**
 * Mount a simulator inside an express app. Paths are relative to the mount point, so
 * `app.use('/netsuite', simulatorRouter(erp.handle))` serves `/netsuite/services/rest/...`.
 *
 * Same realisation of outcomes as node:http (express hands us node's req/res), except `refuse`,
 * which can only reset: the app's port belongs to the app, not to us.
 * Mount it before any body parser: it reads the raw body itself (signatures need the raw bytes).
 *
 * @example app.use('/erp', simulatorRouter(runtime.handle))
 */
export function simulatorRouter(handle: SimHandler, options: NodeTransportOptions = {}): Router {
  const router = express.Router();
  const listener = nodeListener(handle, options);
  router.use((req, res) => listener(req, res));
  return router;
}
