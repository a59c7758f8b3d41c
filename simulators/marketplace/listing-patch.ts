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
