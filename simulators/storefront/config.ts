import * as z from 'zod';

/**
 * The scenario's settings for the storefront (`simulators.storefront:` in a scenario, `ctx.config`
 * here). Checked when the scenario is read (the manifest's zod schema) and again at start-up.
 *
 * Cost-based throttling (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * a leaky bucket of cost points per app and store, restored at a rate set by the store's plan —
 * Standard 100 points/s, Advanced 200, Plus 1000, Commerce Components 2000.
 */
export const SHOPIFY_PLANS = ['standard', 'advanced', 'plus', 'enterprise'] as const;
export type ShopifyPlan = (typeof SHOPIFY_PLANS)[number];

/** Restore rates per plan (points per wall second), from the rate-limits page above. */
export const PLAN_RESTORE_RATE: Readonly<Record<ShopifyPlan, number>> = Object.freeze({
  standard: 100,
  advanced: 200,
  plus: 1000,
  enterprise: 2000,
});

/**
 * GUESS: the bucket size per plan. The rate-limits page gives restore rates only; responses in the
 * wild report a `maximumAvailable` of 20 seconds' worth of restore (2000 on a 100/s store), so that
 * is the default. Settable with `bucketSize`.
 */
export function planBucketSize(plan: ShopifyPlan): number {
  return PLAN_RESTORE_RATE[plan] * 20;
}

/** Shopify's single-query ceiling (MAX_COST_EXCEEDED above it), same rate-limits page. */
export const SINGLE_QUERY_MAX_COST = 1000;

export const storefrontSettings = z
  .object({
    /** The store's plan: sets the restore rate and the default bucket size. */
    plan: z.enum(SHOPIFY_PLANS).optional(),
    /** Points the bucket holds (`maximumAvailable`). */
    bucketSize: z.number().int().positive().optional(),
    /** Points restored per wall second (`restoreRate`). */
    restoreRate: z.number().positive().optional(),
    /** `false`: no cost throttling (costs are still reported). */
    throttle: z.boolean().optional(),
    /**
     * GUESS: Shopify answers a throttled GraphQL call with HTTP 200 and a THROTTLED error; some
     * clients report 429. `throttledStatus: 429` answers with 429 instead (leniency is opt-in).
     */
    throttledStatus: z.union([z.literal(200), z.literal(429)]).optional(),
    /** GUESS: variants per product (the world has no product grouping): SKU i is in product ⌊i/n⌋. */
    variantsPerProduct: z.number().int().min(1).max(100).optional(),
  })
  .strict();

export type StorefrontSettings = z.infer<typeof storefrontSettings>;

export interface StorefrontConfig {
  plan: ShopifyPlan;
  bucketSize: number;
  restoreRate: number;
  throttle: boolean;
  throttledStatus: 200 | 429;
  variantsPerProduct: number;
}

/**
 * @example readStorefrontConfig({ plan: 'plus' }).restoreRate // 1000
 */
export function readStorefrontConfig(
  raw: Readonly<Record<string, unknown>> = {},
): StorefrontConfig {
  const parsed = storefrontSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `[omnichaos:storefront] config.${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const s = parsed.data;
  const plan = s.plan ?? 'standard';
  return {
    plan,
    bucketSize: s.bucketSize ?? planBucketSize(plan),
    restoreRate: s.restoreRate ?? PLAN_RESTORE_RATE[plan],
    throttle: s.throttle ?? true,
    throttledStatus: s.throttledStatus ?? 200,
    variantsPerProduct: s.variantsPerProduct ?? 4,
  };
}
