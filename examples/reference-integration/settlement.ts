import type { Config } from './config.js';
import type { Erp } from './erp.js';
import type { Marketplace } from './marketplace.js';
import type { Job, Outbox } from './outbox.js';
import { singleFlight } from './single-flight.js';

/**
 * settlement (docs/architecture.md): book each marketplace payout once in the ERP. Poll the
 * Finances v0 event groups; every closed group whose funds are being transferred becomes an
 * outbox job (one per group id, so a poll that sees it again adds nothing); the job reads the
 * group's events, sums them by purpose and posts one balanced journal entry (docs/dialects/erp.md#journal-entries)
 * with `externalId` = the group id, so a retry after a lost response meets DUP_RCRD.
 *
 * Defects: `books-gross` books the gross charges as the payout (no fees, refunds,
 * adjustments); `double-books-settlement` links the group only through a custom field, so a
 * retried booking is a second one; `drops-late-adjustments` leaves out adjustments dated before
 * the group opened (posted after the previous period closed).
 */
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- SDK models

interface PayoutJob {
  groupId: string;
  startMs: number;
  beginningCents: number;
}

const cents = (c: Body | undefined): number => Math.round(Number(c?.currencyAmount ?? 0) * 100);
const sum = (list: Body[] | undefined, amount: (x: Body) => Body | undefined): number =>
  (list ?? []).reduce((n, x) => n + cents(amount(x)), 0);
const dateMs = (d: unknown): number =>
  d instanceof Date ? d.getTime() : Date.parse(String(d ?? ''));

/** The chart of accounts the ERP simulator seeds (by externalId). */
const ACCOUNT = {
  bank: 'ACCT-1000',
  clearing: 'ACCT-1210',
  sales: 'ACCT-4000',
  returns: 'ACCT-4100',
  fees: 'ACCT-6100',
  adjustments: 'ACCT-6150',
} as const;

export class SettlementFlow {
  constructor(
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly mkt: Marketplace,
    private readonly erp: Erp,
  ) {
    outbox.on('payout', (job) => this.book(job));
  }

  readonly poll = singleFlight(async () => {
    const groups = await this.mkt.eventGroups();
    // `books-payouts-next-period`: a payout counts as final only once the next period has
    // closed too, so each is booked a whole period after its funds were sent
    const nextClosed = (start: number) =>
      groups.some(
        (n) => n.processingStatus === 'Closed' && dateMs(n.financialEventGroupStart) > start,
      );
    const late = this.config.defects.has('books-payouts-next-period');
    for (const g of groups) {
      if (g.processingStatus !== 'Closed' || !g.fundTransferStatus) continue;
      if (late && !nextClosed(dateMs(g.financialEventGroupStart))) continue;
      const job: PayoutJob = {
        groupId: String(g.financialEventGroupId),
        startMs: dateMs(g.financialEventGroupStart),
        beginningCents: cents(g.beginningBalance),
      };
      this.outbox.enqueue(`stl:${job.groupId}`, 'payout', job);
    }
  });

  private async book(job: Job): Promise<void> {
    const { groupId, startMs, beginningCents } = job.payload as PayoutJob;
    const d = this.config.defects;
    const ev = await this.mkt.groupEvents(groupId);
    let charges = 0;
    let fees = 0;
    for (const e of ev.shipments)
      for (const i of (e.shipmentItemList as Body[]) ?? []) {
        charges += sum(i.itemChargeList, (c) => c.chargeAmount);
        fees += sum(i.itemFeeList, (f) => f.feeAmount);
      }
    let refunds = 0;
    for (const e of ev.refunds)
      for (const i of (e.shipmentItemAdjustmentList as Body[]) ?? []) {
        refunds += sum(i.itemChargeAdjustmentList, (c) => c.chargeAmount);
        fees += sum(i.itemFeeAdjustmentList, (f) => f.feeAmount);
      }
    const late = (a: Body) => dateMs(a.postedDate) < startMs;
    const adjustments = sum(
      ev.adjustments.filter((a) => !(d.has('drops-late-adjustments') && late(a))),
      (a) => a.adjustmentAmount,
    );
    // Signed from the seller's side: credit > 0, debit < 0; the bank receives the net.
    const signed: [string, number][] = d.has('books-gross')
      ? [
          [ACCOUNT.bank, -charges],
          [ACCOUNT.sales, charges],
        ]
      : [
          [ACCOUNT.sales, charges],
          [ACCOUNT.returns, refunds],
          [ACCOUNT.fees, fees],
          [ACCOUNT.adjustments, adjustments],
          [ACCOUNT.clearing, beginningCents],
        ];
    const net = signed.reduce((n, [, v]) => n + v, 0);
    if (!d.has('books-gross')) signed.unshift([ACCOUNT.bank, -net]);
    const items = signed
      .filter(([, v]) => v !== 0)
      .map(([account, v]) => ({
        account: { externalId: account },
        ...(v > 0 ? { credit: v / 100 } : { debit: -v / 100 }),
        memo: `Marketplace settlement ${groupId}`,
      }));
    if (items.length === 0) return; // an empty period: nothing moved
    const link = d.has('double-books-settlement') ? {} : { externalId: groupId };
    await this.erp.create('journalEntry', {
      ...link,
      custbody_settlement_id: groupId,
      memo: `Marketplace settlement ${groupId}`,
      line: { items },
    });
  }
}
