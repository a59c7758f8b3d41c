import * as z from 'zod';
import { keyed, rejected, report, scalar, type Checked } from './fields.js';
import { slug } from './text-fields.js';
import { duration } from './time-fields.js';
import { registeredSimulators } from '../simulators/index.js';
import type { PriceChange, PromotionPlan, ScenarioPricing, SkuSelection } from './types.js';
import { formatDuration } from './units.js';

/**
 * `pricing:` — the ERP price book's timeline (docs/scenarios.md#pricing): list price changes at a
 * time (`changes`), promotions with a window (`promotions`), per SKU and channel. The runner
 * applies them to the system that keeps the price book at their scenario times; the pricing
 * checks judge how the integration carried them to the channels.
 */

/** Default `pricing.grace`: five minutes of scenario time. GUESS: a sync that runs a few times an hour. */
export const DEFAULT_PRICING_GRACE_MS = 5 * 60_000;

/** Channels that sell at a price they list (the manifests with `sellsAtListedPrice`). */
export function priceChannels(): string[] {
  return registeredSimulators()
    .filter((d) => d.sellsAtListedPrice)
    .map((d) => d.name);
}

const SKU_CODE = /^SKU-\d{5,9}$/;

/** `skus: 300` (the 300 best sellers) or `skus: [SKU-00007, SKU-00012]`. */
const skusField = scalar((value): Checked<SkuSelection> => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100_000)
    return ok({ best: value });
  if (Array.isArray(value) && value.length > 0) {
    const bad = value.find((v) => typeof v !== 'string' || !SKU_CODE.test(v));
    if (bad === undefined) return ok({ list: [...new Set(value as string[])] });
    return rejected(
      'a SKU code like "SKU-00042"',
      bad,
      'list SKU codes, or give a count of best sellers',
    );
  }
  return rejected(
    'a count of best sellers (e.g. 300) or a list of SKU codes',
    value,
    'e.g. skus: 300, or skus: [SKU-00007, SKU-00012]',
  );
});

function ok(value: SkuSelection): Checked<SkuSelection> {
  return { ok: true, value };
}

/** A signed percentage: "-5%", "+12.5%". */
const percentChange = scalar((value) => {
  const m = typeof value === 'string' ? /^\s*([+-]?\d+(\.\d+)?)\s*%\s*$/.exec(value) : null;
  const pct = m ? Number(m[1]) : Number.NaN;
  if (Number.isFinite(pct) && pct > -100 && pct <= 1000) return { ok: true, value: pct / 100 };
  return rejected('a percentage like "-5%" or "+10%"', value, 'quote it: by: "-5%"');
});

/** A percentage off: "20%" (0 < p < 100). */
const percentOff = scalar((value) => {
  const m = typeof value === 'string' ? /^\s*(\d+(\.\d+)?)\s*%\s*$/.exec(value) : null;
  const pct = m ? Number(m[1]) : typeof value === 'number' ? value : Number.NaN;
  if (Number.isFinite(pct) && pct > 0 && pct < 100) return { ok: true, value: pct };
  return rejected('a percentage off from 0% to 100% like "20%"', value);
});

/** A price in dollars and cents: 19.99. */
const money = scalar((value) => {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (
    Number.isFinite(n) &&
    n > 0 &&
    n < 1_000_000 &&
    Math.abs(Math.round(n * 100) - n * 100) < 1e-6
  )
    return { ok: true, value: Math.round(n * 100) };
  return rejected('a price in dollars with at most two decimals, e.g. 19.99', value);
});

function channelsField() {
  return z
    .array(z.string())
    .min(1)
    .optional()
    .transform((list, ctx): string[] => {
      const known = priceChannels();
      if (list === undefined) return known;
      list.forEach((c, i) => {
        if (!known.includes(c))
          report(
            ctx,
            [i],
            `'${c}' is not a channel that sells at a listed price`,
            `channels: ${known.join(', ')}`,
          );
      });
      return [...new Set(list)];
    });
}

function changeField() {
  return keyed({
    at: duration(),
    skus: skusField,
    channels: channelsField(),
    by: percentChange.optional(),
    to: money.optional(),
  }).transform((raw, ctx): PriceChange => {
    if ((raw.by === undefined) === (raw.to === undefined))
      report(
        ctx,
        [],
        "a price change has either 'by' (relative, e.g. \"-5%\") or 'to' (a new price), exactly one",
      );
    return {
      atMs: raw.at,
      skus: raw.skus,
      channels: raw.channels,
      ...(raw.by !== undefined && { by: raw.by }),
      ...(raw.to !== undefined && { toCents: raw.to }),
    };
  });
}

function promotionField() {
  return keyed({
    id: slug(),
    from: duration(),
    until: duration({ positive: true }),
    skus: skusField,
    channels: channelsField(),
    off: percentOff,
  }).transform((raw, ctx): PromotionPlan => {
    if (raw.until <= raw.from)
      report(
        ctx,
        ['until'],
        `'until' (${formatDuration(raw.until)}) must be later than 'from' (${formatDuration(raw.from)})`,
        'both count from the start of the run',
      );
    return {
      id: raw.id,
      fromMs: raw.from,
      untilMs: raw.until,
      skus: raw.skus,
      channels: raw.channels,
      percentOff: raw.off,
    };
  });
}

/**
 * @example pricingField().parse({ changes: [{ at: '10m', skus: 300, by: '-5%' }] }).changes[0].by // -0.05
 */
export function pricingField() {
  return keyed({
    changes: z.array(changeField()).optional(),
    promotions: z.array(promotionField()).optional(),
    grace: duration({ positive: true }).optional(),
  }).transform((raw, ctx): ScenarioPricing => {
    const promotions = raw.promotions ?? [];
    promotions.forEach((p, i) => {
      const first = promotions.findIndex((q) => q.id === p.id);
      if (first !== i)
        report(
          ctx,
          ['promotions', i, 'id'],
          `promotion '${p.id}' is listed twice (also at promotions[${first}])`,
        );
    });
    return {
      changes: raw.changes ?? [],
      promotions,
      graceMs: raw.grace ?? DEFAULT_PRICING_GRACE_MS,
    };
  });
}

/** The largest best-seller count or SKU code a pricing section names (checked against world.skus). */
export function pricingSkuReach(p: ScenarioPricing): { path: (string | number)[]; need: number }[] {
  const out: { path: (string | number)[]; need: number }[] = [];
  const need = (s: SkuSelection) =>
    'best' in s ? s.best : Math.max(...s.list.map((c) => Number(c.slice(4)) + 1));
  p.changes.forEach((c, i) =>
    out.push({ path: ['pricing', 'changes', i, 'skus'], need: need(c.skus) }),
  );
  p.promotions.forEach((c, i) =>
    out.push({ path: ['pricing', 'promotions', i, 'skus'], need: need(c.skus) }),
  );
  return out;
}
