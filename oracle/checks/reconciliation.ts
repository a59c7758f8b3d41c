import type { ChannelOrder, ErpDocument, RunModel } from '../model.js';
import type { CheckDefinition, Measurement } from '../types.js';
import type { Accounting } from './accounting.js';
import { SHIPMENT_GRACE_MS } from './fulfillment.js';
import { orderDocumentAccounting } from './order-to-erp.js';
import { receiptAccounting, refundAccounting } from './pos-to-erp.js';

/**
 * Reconciliation: the month-end comparison a retailer's accountants make, done per channel, per
 * location and per business day — the ERP's total and count of sales (and refunds) against the
 * source system's. It judges sums, not links: a sale booked twice under a fresh id, an amount
 * rounded, a sale booked at the wrong store or on the wrong day all move a group's total or count
 * although every id may match.
 *
 * A group is (channel, what, location, day): `what` is `sales` (store sales → sale receipts),
 * `refunds` (store refunds → ERP refunds) or `orders` (channel orders → sales orders, which have
 * no store: location `-`). A source's location is its store and its day the day it was sold; an
 * ERP document's are its own (the location it is booked at, its transaction date), never taken
 * from the source. A document counts for the channel of the source it is accounted to (by
 * reference, else by content: oracle/checks/accounting.ts); one that matches no source counts for
 * the flow's channel when the flow has one, else for channel `?`. Sources visible in the run's
 * last 5 scenario minutes with nothing booked yet are in flight and left out.
 */

export interface ReconciliationGroup {
  /** `pos/sales/ST-001/2026-11-27`. */
  key: string;
  sourceCents: number;
  sourceCount: number;
  erpCents: number;
  erpCount: number;
  /** Some document of it has no total in the journal: its total cannot be compared. */
  erpTotalUnknown?: boolean;
}

interface Flow {
  what: 'orders' | 'sales' | 'refunds';
  sources: ReadonlyMap<string, ChannelOrder>;
  books: Accounting;
  /** Group by store (false: the channel's orders have none). */
  byLocation: boolean;
}

function flows(m: RunModel): Flow[] {
  const under = new Set(m.scenario?.flows ?? ['order-to-erp', 'pos-to-erp']);
  const out: Flow[] = [];
  if (under.has('order-to-erp'))
    out.push({
      what: 'orders',
      sources: m.channelOrders,
      books: orderDocumentAccounting(m),
      byLocation: false,
    });
  if (under.has('pos-to-erp')) {
    // an older journal names no store on its sales: reconcile per channel and day only
    const stores = [...m.storeSales.values()].every((s) => s.store !== undefined);
    out.push({
      what: 'sales',
      sources: m.storeSales,
      books: receiptAccounting(m),
      byLocation: stores,
    });
    out.push({
      what: 'refunds',
      sources: m.storeRefunds,
      books: refundAccounting(m),
      byLocation: stores,
    });
  }
  return out;
}

const DAY_MS = 86_400_000;
/** UTC days by number since the epoch: a million documents fall on a few days. */
const dayNames = new Map<number, string>();
const day = (t: number): string => {
  const n = Math.floor(t / DAY_MS);
  let name = dayNames.get(n);
  if (name === undefined) dayNames.set(n, (name = new Date(n * DAY_MS).toISOString().slice(0, 10)));
  return name;
};

/** One (channel, location, day) of a flow while summing; merged into groups by key at the end. */
interface Cell {
  sourceCents: number;
  sourceCount: number;
  erpCents: number;
  erpCount: number;
  erpTotalUnknown: boolean;
}

/** Every (channel, what, location, day) group of the flows under test, sorted by key. */
export function reconciliation(m: RunModel): ReconciliationGroup[] {
  return m.memo('reconciliation', () => {
    const groups = new Map<string, ReconciliationGroup>();
    const inFlightAfter = (m.lastT ?? Infinity) - SHIPMENT_GRACE_MS;
    for (const f of flows(m)) {
      // channel → location → day: a million sources and documents look up strings they hold
      // rather than build a key string each (the key is built once per cell below)
      const cells = new Map<string, Map<string, Map<string, Cell>>>();
      const cell = (channel: string, location: string, dayName: string): Cell => {
        let byLocation = cells.get(channel);
        if (!byLocation) cells.set(channel, (byLocation = new Map()));
        let byDay = byLocation.get(location);
        if (!byDay) byLocation.set(location, (byDay = new Map()));
        let c = byDay.get(dayName);
        if (!c)
          byDay.set(
            dayName,
            (c = {
              sourceCents: 0,
              sourceCount: 0,
              erpCents: 0,
              erpCount: 0,
              erpTotalUnknown: false,
            }),
          );
        return c;
      };
      const loc = (store: string | undefined) => (f.byLocation ? (store ?? '?') : '-');
      const channels = new Set([...f.sources.values()].map((s) => s.channel ?? '?'));
      const lone = channels.size === 1 ? [...channels][0]! : '?';
      for (const s of f.sources.values()) {
        const booked = (f.books.bySource.get(s.id)?.length ?? 0) > 0;
        if (!booked && s.visibleT > inFlightAfter) continue;
        const c = cell(s.channel ?? '?', loc(s.store), s.day ?? day(s.visibleT));
        c.sourceCents += s.totalCents;
        c.sourceCount++;
      }
      // each live document once, under the channel of the source it is accounted to: a document
      // matched by content (or by nothing) under that match's, the rest under their source's
      const count = (d: ErpDocument, channel: string) => {
        const c = cell(channel, loc(d.location), d.tranDate ?? day(d.t));
        if (d.totalCents === undefined) c.erpTotalUnknown = true;
        else c.erpCents += d.totalCents;
        c.erpCount++;
      };
      const matched = new Map<ErpDocument, string>();
      for (const match of [...f.books.contentDuplicates, ...f.books.unlinked]) {
        const source = match.sourceId === undefined ? undefined : f.sources.get(match.sourceId);
        matched.set(match.doc, source?.channel ?? lone);
      }
      // `account` lists a document under one source only
      for (const [id, docs] of f.books.bySource) {
        const source = f.sources.get(id);
        const channel = source ? (source.channel ?? '?') : lone;
        for (const d of docs) if (!matched.has(d)) count(d, channel);
      }
      for (const [d, channel] of matched) count(d, channel);
      for (const [channel, byLocation] of cells)
        for (const [location, byDay] of byLocation)
          for (const [dayName, c] of byDay) {
            const key = `${channel}/${f.what}/${location}/${dayName}`;
            let g = groups.get(key);
            if (!g)
              groups.set(
                key,
                (g = { key, sourceCents: 0, sourceCount: 0, erpCents: 0, erpCount: 0 }),
              );
            g.sourceCents += c.sourceCents;
            g.sourceCount += c.sourceCount;
            g.erpCents += c.erpCents;
            g.erpCount += c.erpCount;
            if (c.erpTotalUnknown) g.erpTotalUnknown = true;
          }
    }
    return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  });
}

const dollars = (cents: number): string =>
  `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

function judge(
  m: RunModel,
  off: (g: ReconciliationGroup) => boolean,
  noun: string,
  comparable: (g: ReconciliationGroup) => boolean = () => true,
): Measurement {
  const all = reconciliation(m);
  if (all.length === 0)
    return { value: null, note: 'no sale, refund or order to reconcile', evidence: [] };
  const groups = all.filter(comparable);
  if (groups.length === 0)
    return { value: null, note: 'no ERP document with a total to reconcile', evidence: [] };
  const bad = groups.filter(off);
  const first = bad[0];
  const sum = (k: 'sourceCents' | 'erpCents' | 'sourceCount' | 'erpCount') =>
    groups.reduce((a, g) => a + g[k], 0);
  return {
    value: bad.length,
    note:
      `${groups.length} channel/location/day groups, ${bad.length} with ${noun} off` +
      (first
        ? `; first: ${first.key} ERP ${dollars(first.erpCents)} in ${first.erpCount} vs source ${dollars(first.sourceCents)} in ${first.sourceCount}`
        : ''),
    evidence: bad
      .slice(0, 10)
      .map(
        (g) =>
          `${g.key}: ERP ${g.erpCents}¢/${g.erpCount} vs source ${g.sourceCents}¢/${g.sourceCount}`,
      ),
    details: {
      groups: groups.length,
      mismatched: bad.length,
      sourceCents: sum('sourceCents'),
      erpCents: sum('erpCents'),
      sourceCount: sum('sourceCount'),
      erpCount: sum('erpCount'),
    },
  };
}

export const reconciliationChecks: CheckDefinition[] = [
  {
    id: 'reconciliation.daily-totals',
    group: 'reconciliation',
    title: 'ERP totals equal the source totals per channel, store and day',
    description:
      'Groups of (channel; sales, refunds or orders; store; business day) whose ERP total differs from the source system’s total by any cent (a group with a document whose total the journal does not give is not compared). A document counts at its own location and transaction date, for the channel of the source it is accounted to; sources of the last 5 scenario minutes not booked yet are in flight.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) =>
      judge(
        m,
        (g) => g.erpCents !== g.sourceCents,
        'the total',
        (g) => !g.erpTotalUnknown,
      ),
  },
  {
    id: 'reconciliation.daily-counts',
    group: 'reconciliation',
    title: 'ERP document counts equal the source counts per channel, store and day',
    description:
      'Groups of (channel; sales, refunds or orders; store; business day) whose number of ERP documents differs from the number of sales, refunds or orders in the source system — what id matching misses: a second record under a fresh id, one booked at the wrong store or on the wrong day.',
    unit: 'count',
    threshold: { op: '<=', value: 0 },
    measure: (m) => judge(m, (g) => g.erpCount !== g.sourceCount, 'the count'),
  },
];
