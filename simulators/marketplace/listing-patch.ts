import { invalid } from './errors.js';

/**
 * Validating a Listings `patches` array (docs/dialects/marketplace.md). Structural mistakes (no productType,
 * patches not an array) are 400s; attribute values Amazon would refuse are reported as `issues`
 * on a 200 with status INVALID, as SP-API does.
 */
export interface ListingIssue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  attributeNames: string[];
  categories: string[];
}

export interface PatchPlan {
  productType: string;
  /** New quantity, when a patch sets fulfillment_availability. */
  quantity?: number;
  /** New price in cents, when a patch sets purchasable_offer's our_price. */
  priceCents?: number;
  /** Other attributes to set (value) or delete (undefined). */
  attributes: Record<string, unknown>;
  issues: ListingIssue[];
}

const OPS = ['add', 'replace', 'merge', 'delete'];
const PATH = /^\/attributes\/([a-z0-9_]{1,100})$/;

/** GUESS: code and category of the issue (the sandbox example's `90000900`, INVALID_ATTRIBUTE). */
function issue(attribute: string, message: string): ListingIssue {
  return {
    code: '90000900',
    message,
    severity: 'ERROR',
    attributeNames: [attribute],
    categories: ['INVALID_ATTRIBUTE'],
  };
}

function quantityFrom(value: unknown): number | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const entry = value.find(
    (v) =>
      v &&
      typeof v === 'object' &&
      (v as Record<string, unknown>).fulfillment_channel_code === 'DEFAULT',
  ) as Record<string, unknown> | undefined;
  const q = entry?.quantity;
  return typeof q === 'number' && Number.isSafeInteger(q) && q >= 0 ? q : undefined;
}

/**
 * The price a `purchasable_offer` value sets: `our_price[0].schedule[0].value_with_tax` of its
 * first entry (https://developer-docs.amazon.com/sp-api/docs/manage-purchasable-offer: the offer's
 * price is a schedule of values under `our_price`). Undefined when the value has no such price;
 * NaN when it has one that is not a price.
 */
function priceFrom(value: unknown): number | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const offer = value[0] as Record<string, unknown> | undefined;
  const ours = offer && typeof offer === 'object' ? offer.our_price : undefined;
  if (ours === undefined) return undefined;
  const schedule = Array.isArray(ours) ? (ours[0] as Record<string, unknown>)?.schedule : undefined;
  const first = Array.isArray(schedule) ? (schedule[0] as Record<string, unknown>) : undefined;
  const v = first?.value_with_tax;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n >= 1e9) return Number.NaN;
  return Math.round(n * 100);
}

function readPatch(raw: unknown, i: number, plan: PatchPlan): void {
  const field = `patches[${i}]`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    invalid(`${field} must be an object.`, field);
  const p = raw as Record<string, unknown>;
  if (typeof p.op !== 'string' || !OPS.includes(p.op))
    invalid(`${field}.op must be one of ${OPS.join(', ')}.`, `${field}.op`);
  const m = typeof p.path === 'string' ? PATH.exec(p.path) : null;
  if (!m) invalid(`${field}.path must be /attributes/<name>.`, `${field}.path`);
  const name = m[1]!;
  if (p.op !== 'delete' && !Array.isArray(p.value))
    invalid(`${field}.value must be an array.`, `${field}.value`);
  if (name === 'purchasable_offer' && p.op !== 'delete') {
    const cents = priceFrom(p.value);
    if (Number.isNaN(cents))
      plan.issues.push(
        issue(name, "'purchasable_offer' our_price needs a schedule value_with_tax above 0."),
      );
    else if (cents !== undefined) plan.priceCents = cents;
  }
  if (name !== 'fulfillment_availability') {
    plan.attributes[name] = p.op === 'delete' ? undefined : p.value;
    return;
  }
  if (p.op === 'delete') {
    plan.quantity = 0;
    return;
  }
  const q = quantityFrom(p.value);
  if (q === undefined)
    plan.issues.push(
      issue(
        name,
        "'fulfillment_availability' needs fulfillment_channel_code DEFAULT and a quantity of 0 or more.",
      ),
    );
  else plan.quantity = q;
}

/**
 * @example readPatchBody({ productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 5 }] }] }).quantity // 5
 */
export function readPatchBody(body: unknown): PatchPlan {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    invalid('The request body must be an object.', 'body');
  const b = body as Record<string, unknown>;
  if (typeof b.productType !== 'string' || b.productType.length === 0 || b.productType.length > 100)
    invalid('productType is required.', 'productType');
  if (!Array.isArray(b.patches) || b.patches.length === 0)
    invalid('patches must be a non-empty array.', 'patches');
  if (b.patches.length > 1000) invalid('patches holds too many entries.', 'patches');
  const plan: PatchPlan = { productType: b.productType, attributes: {}, issues: [] };
  b.patches.forEach((p, i) => readPatch(p, i, plan));
  return plan;
}
