import { z } from 'zod';
import { defineFault } from '../fault.js';

/**
 * The vendor ships a change: in JSON responses of matched operations, rename, drop or retype
 * fields. Paths are dot-separated; `*` walks every array element or object value, e.g.
 * `payload.Orders.*.OrderStatus`.
 */
const params = z
  .object({
    rename: z.array(z.object({ path: z.string(), to: z.string() }).strict()).default([]),
    drop: z.array(z.string()).default([]),
    retype: z
      .array(
        z.object({ path: z.string(), to: z.enum(['string', 'number', 'null', 'array']) }).strict(),
      )
      .default([]),
  })
  .strict()
  .refine(
    (p) => p.rename.length + p.drop.length + p.retype.length > 0,
    'give at least one of rename, drop, retype',
  );

type Edit = (holder: Record<string, unknown>, key: string) => void;

/** Apply `edit` to every (holder, key) the path reaches. */
export function visit(value: unknown, parts: string[], edit: Edit): void {
  if (!value || typeof value !== 'object') return;
  const [head, ...rest] = parts;
  if (head === undefined) return;
  const holder = value as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(holder) : [head];
  for (const key of keys) {
    if (!(key in holder)) continue;
    if (rest.length === 0) edit(holder, key);
    else visit(holder[key], rest, edit);
  }
}

const retypeTo: Record<string, (v: unknown) => unknown> = {
  string: (v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)),
  number: (v) => (typeof v === 'number' ? v : Number.parseFloat(String(v)) || 0),
  null: () => null,
  array: (v) => (Array.isArray(v) ? v : [v]),
};

/** @example drift({ a: [{ b: 1 }] }, { rename: [{ path: 'a.*.b', to: 'c' }], drop: [], retype: [] }) */
export function drift(body: unknown, p: z.infer<typeof params>): unknown {
  const copy = structuredClone(body);
  for (const r of p.rename) {
    visit(copy, r.path.split('.'), (h, k) => {
      h[r.to] = h[k];
      delete h[k];
    });
  }
  for (const path of p.drop) visit(copy, path.split('.'), (h, k) => delete h[k]);
  for (const r of p.retype)
    visit(copy, r.path.split('.'), (h, k) => (h[k] = retypeTo[r.to]!(h[k])));
  return copy;
}

export const schemaDrift = defineFault({
  type: 'schema-drift',
  kind: 'data',
  summary: 'rename, drop or retype fields in JSON responses of matched operations',
  params,
  onResponse(call, outcome) {
    if (
      outcome.kind !== 'respond' ||
      typeof outcome.response.body !== 'object' ||
      outcome.response.body === null ||
      Buffer.isBuffer(outcome.response.body)
    )
      return outcome;
    return {
      kind: 'respond',
      response: { ...outcome.response, body: drift(outcome.response.body, call.params) },
    };
  },
});
