import type { Clock } from './clock.js';
import type { Journal } from '../../journal/journal.js';
import type { HeaderMap } from './types.js';
import { ev } from '../../journal/events.js';

/**
 * Outbound webhooks with at-least-once delivery (docs/architecture.md): each message is attempted until a
 * 2xx, on a retry schedule in scenario time (vendors retry over hours; the scenario compresses
 * that), and every attempt is journaled. Delivery order is not guaranteed, as with the vendors.
 */
export interface WebhookMessage {
  /** Stable across retries: receivers de-duplicate on it (e.g. Standard Webhooks `webhook-id`). */
  id: string;
  topic: string;
  url: string;
  /** Exact bytes sent; signatures are computed over this. */
  body: string;
  /** Scenario time the event happened, epoch ms. */
  createdAt: number;
}

/**
 * How a forged delivery is signed — what the vendor itself would never send:
 * - `unsigned`: the signature header is missing;
 * - `bad-signature`: a well-formed signature that does not match the body;
 * - `wrong-secret`: signed correctly, but with a key that is not the receiver's;
 * - `stale-timestamp`: signed correctly over a timestamp `ageMs` in the past — what a captured
 *   delivery replayed later looks like (only vendors that sign a timestamp can express it).
 */
export type Forgery =
  | { variant: 'unsigned' }
  | { variant: 'bad-signature' }
  | { variant: 'wrong-secret'; secret: string }
  | { variant: 'stale-timestamp'; ageMs: number };

export const FORGERY_VARIANTS = [
  'unsigned',
  'bad-signature',
  'wrong-secret',
  'stale-timestamp',
] as const;
export type ForgeryVariant = (typeof FORGERY_VARIANTS)[number];

/**
 * Headers a vendor adds to sign a delivery (`x-square-hmacsha256-signature`, `webhook-signature`…).
 * Given a `forgery`, the headers of that forgery instead, or undefined when the vendor's scheme
 * cannot express it (Square signs no timestamp, so it has no `stale-timestamp`).
 */
export type WebhookSigner = (
  message: WebhookMessage,
  attempt: number,
  clock: Clock,
  forgery?: Forgery,
) => HeaderMap | undefined;

/** Sends one delivery. The default (runtime) uses global fetch; tests may pass their own. */
export type Deliver = (
  url: string,
  init: { headers: HeaderMap; body: string; signal: AbortSignal },
) => Promise<{ status: number }>;

/**
 * What the outbound-fault slot decides for one delivery attempt (the chaos engine fills it):
 * deliver normally, drop it silently, hold it back, or send it more than once.
 */
export type DeliveryPlan =
  | { kind: 'deliver' }
  | { kind: 'drop'; faultId: string }
  | { kind: 'delay'; faultId: string; scenarioMs: number }
  | { kind: 'duplicate'; faultId: string; copies: number }
  | {
      kind: 'forge';
      faultId: string;
      forgery: Forgery;
      /** The forged copy's body (the genuine claims with some replaced). */
      body: string;
      /** The values the forgery put in, for the oracle to look for in the target's writes. */
      claims: string[];
      /** Scenario ms the genuine delivery is held back, so the forged copy arrives first. */
      holdMs: number;
    };

export type OutboundFaults = (message: WebhookMessage, attempt: number) => DeliveryPlan;

export interface OutboxOptions {
  sys: string;
  clock: Clock;
  journal: Journal;
  deliver: Deliver;
  sign?: WebhookSigner;
  /** Where this system's webhooks go (from the scenario's `target.webhooks`). */
  url?: string;
  /** Scenario ms to wait before attempt n+1; length + 1 = max attempts. Default below. */
  retryScheduleMs?: readonly number[];
  /** Wall ms before an attempt counts as failed (vendors use 5–15 s). */
  timeoutMs?: number;
}

/** 5 s, 1 min, 5 min, 30 min, 2 h, 5 h: shaped on the Svix/Standard-Webhooks default schedule. */
export const DEFAULT_RETRY_SCHEDULE_MS = [5_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000];

export class WebhookOutbox {
  private seq = 0;
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];
  private url: string | undefined;
  private readonly schedule: readonly number[];
  /** The outbound-fault slot; the chaos engine sets it. */
  faults: OutboundFaults | undefined;

  constructor(private readonly options: OutboxOptions) {
    this.url = options.url;
    this.schedule = options.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
  }

  /** Point deliveries at a new URL (undefined: record events but deliver nothing). */
  setTarget(url: string | undefined): void {
    this.url = url;
  }

  get target(): string | undefined {
    return this.url;
  }

  /**
   * Queue an event. Returns the message, or undefined when no receiver is configured (the event
   * is still journaled as `webhook:unrouted` so the oracle knows it was never sent).
   *
   * @example outbox.enqueue('order.shipped', { shipment_id: 7 })
   */
  enqueue(
    topic: string,
    payload: unknown,
    options: { id?: string } = {},
  ): WebhookMessage | undefined {
    const id = options.id ?? `${this.options.sys}-evt-${++this.seq}`;
    if (!this.url) {
      this.options.journal.append(ev.webhookUnrouted({ sys: this.options.sys, id, topic }));
      return undefined;
    }
    const message: WebhookMessage = {
      id,
      topic,
      url: this.url,
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      createdAt: this.options.clock.now(),
    };
    this.options.journal.append(
      ev.webhookQueued({ sys: this.options.sys, id, topic, url: this.url }),
    );
    this.attempt(message, 1);
    return message;
  }

  /** Deliveries currently on the wire. */
  get pending(): number {
    return this.inFlight;
  }

  /** Resolves when nothing is on the wire (scheduled retries may remain). */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private attempt(message: WebhookMessage, attempt: number): void {
    const plan = this.faults?.(message, attempt) ?? { kind: 'deliver' };
    const { journal, sys, clock } = this.options;
    if (plan.kind === 'drop') {
      journal.append(
        ev.webhookDropped({
          sys,
          id: message.id,
          topic: message.topic,
          attempt,
          fault: plan.faultId,
        }),
      );
      return;
    }
    if (plan.kind === 'delay') {
      journal.append(
        ev.webhookDelayed({
          sys,
          id: message.id,
          attempt,
          fault: plan.faultId,
          byMs: plan.scenarioMs,
        }),
      );
      clock.afterScenario(plan.scenarioMs, () => void this.send(message, attempt));
      return;
    }
    if (plan.kind === 'forge') {
      this.forge(message, attempt, plan);
      return;
    }
    const copies = plan.kind === 'duplicate' ? 1 + plan.copies : 1;
    for (let i = 0; i < copies; i++)
      void this.send(message, attempt, i > 0 ? (plan as { faultId: string }).faultId : undefined);
  }

  /**
   * Send a forged copy now — same id and topic, forged body and signature — and the genuine
   * delivery `holdMs` later. The forged copy is sent once (a forger does not retry); a vendor
   * whose scheme cannot express the forgery gets the genuine delivery only.
   */
  private forge(
    message: WebhookMessage,
    attempt: number,
    plan: Extract<DeliveryPlan, { kind: 'forge' }>,
  ): void {
    const { journal, sys, clock, sign } = this.options;
    const forged: WebhookMessage = { ...message, body: plan.body };
    const headers = sign?.(forged, attempt, clock, plan.forgery);
    const base = { sys, id: message.id, topic: message.topic, fault: plan.faultId };
    if (!headers) {
      journal.append(
        ev.webhookForgeSkipped({
          ...base,
          variant: plan.forgery.variant,
          reason: sign
            ? `this vendor's signature cannot express ${plan.forgery.variant}`
            : 'this vendor does not sign its deliveries',
        }),
      );
      void this.send(message, attempt);
      return;
    }
    journal.append(
      ev.webhookForged({ ...base, variant: plan.forgery.variant, claims: plan.claims }),
    );
    void this.send(forged, attempt, undefined, { headers, variant: plan.forgery.variant });
    clock.afterScenario(plan.holdMs, () => void this.send(message, attempt));
  }

  private async send(
    message: WebhookMessage,
    attempt: number,
    duplicateOf?: string,
    forged?: { headers: HeaderMap; variant: ForgeryVariant },
  ): Promise<void> {
    const { journal, sys, clock, deliver, sign } = this.options;
    this.inFlight++;
    const headers: HeaderMap = {
      'content-type': 'application/json',
      ...(forged ? forged.headers : sign?.(message, attempt, clock)),
    };
    // A guard on real network I/O, so it runs on real time even under a virtual clock: a test
    // that jumps the clock an hour ahead must not time out a delivery that is still on the wire.
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    let status: number | undefined;
    let error: string | undefined;
    try {
      ({ status } = await deliver(message.url, { headers, body: message.body, signal }));
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const ok = status !== undefined && status >= 200 && status < 300;
    journal.append(
      ev.webhookAttempt({
        sys,
        id: message.id,
        topic: message.topic,
        attempt,
        status,
        error,
        ok,
        duplicate: duplicateOf,
        forged: forged?.variant,
      }),
    );
    this.inFlight--;
    if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
    if (ok || duplicateOf || forged) return;
    const waitMs = this.schedule[attempt - 1];
    if (waitMs === undefined) {
      journal.append(
        ev.webhookGaveUp({ sys, id: message.id, topic: message.topic, attempts: attempt }),
      );
      return;
    }
    clock.afterScenario(waitMs, () => this.attempt(message, attempt + 1));
  }
}
