import { route } from '../../core/define-simulator.js';
import { lwaToken } from '../auth.js';
import type { MarketplaceState } from '../state.js';

/**
 * Login with Amazon's token endpoint, served by the simulator itself (real clients are pointed
 * at `OMNICHAOS_MARKETPLACE_LWA_URL`). Public: it is how a caller gets a token in the first place.
 */
export const authRoutes = [
  route<MarketplaceState>('POST', '/auth/o2/token', 'lwaToken', (ctx) => lwaToken(ctx, ctx.req), {
    body: 'text',
    public: true,
  }),
];
