/**
 * Signed webhook deliveries over HTTP (docs/attio-api.md section 12):
 * - one event per delivery, body `{"webhook_id","events":[event]}`; headers `Attio-Signature` and
 *   `X-Attio-Signature` = hex HMAC-SHA256 of the raw body keyed with the webhook's secret, and
 *   `Idempotency-Key`, one per message and the same across its retries and duplicates;
 * - a 2xx answer delivers; anything else (another status, a refused connection, no answer within
 *   `timeoutMs`) is retried up to 10 times with exponential back-off summing to ~3 days
 *   (RETRY_DELAYS_MS); a message whose retries all fail marks its webhook `degraded`; 7 days
 *   degraded -> `inactive`, which receives nothing and drops its pending retries; a 2xx while
 *   degraded brings the webhook back to `active` (assumed: Attio documents no way back);
 * - control switches for tests: duplicate a share of messages, drop a share (never sent), or hold
 *   every new message until released in fifo/reverse/shuffled order (late and out of order).
 * Times are the fake clock's (clock.ts), so a test fast-forwards days of retries.
 */
import { createHmac } from "node:crypto";
import type { FakeClock } from "./clock";
import type { WebhookEvent } from "./events";
import { makeRng, formatMicros, uuid } from "./util";
import { subscriptionMatches, type Webhook, type WebhookRegistry } from "./webhooks";

const MINUTE = 60_000;
export const DAY_MS = 24 * 60 * MINUTE;
/** Delay before retry n (1..10): 253 s doubling, 2.99 days in all ("over approximately 3 days"). */
export const RETRY_DELAYS_MS = Array.from({ length: 10 }, (_, i) => 253_000 * 2 ** i);
export const DEGRADED_TO_INACTIVE_MS = 7 * DAY_MS;

export interface DeliverySettings {
  /** Share (0..1) of messages sent twice, with the same Idempotency-Key and body. */
  duplicateRate: number;
  /** Share (0..1) of messages never sent at all (a lost event: the receiver must reconcile). */
  dropRate: number;
  /** Hold new messages until `release()`. */
  hold: boolean;
  /** How long an attempt waits for the target's answer before it counts as failed. */
  timeoutMs: number;
  seed?: number;
}

const DEFAULT_SETTINGS: DeliverySettings = { duplicateRate: 0, dropRate: 0, hold: false, timeoutMs: 10_000 };

export interface DeliveryAttempt {
  /** Fake-clock time of the attempt (Attio timestamp format). */
  at: string;
  webhookId: string;
  idempotencyKey: string;
  /** 1 for the first try, 2 for the first retry... */
  attempt: number;
  eventTypes: string[];
  /** The target's HTTP status, or null when it could not be reached / did not answer in time. */
  status: number | null;
  error?: string;
  delivered: boolean;
}

interface Message {
  key: string;
  webhookId: string;
  body: string;
  eventTypes: string[];
  attempts: number;
}

export function signBody(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

export class Deliveries {
  private settings: DeliverySettings = { ...DEFAULT_SETTINGS };
  private rng = makeRng();
  private held: Message[] = [];
  private log: DeliveryAttempt[] = [];
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly registry: WebhookRegistry,
    private readonly clock: FakeClock,
  ) {}

  configure(patch: Partial<DeliverySettings>): DeliverySettings {
    this.settings = { ...this.settings, ...patch };
    if ("seed" in patch) this.rng = makeRng(patch.seed);
    return { ...this.settings };
  }

  reset(): void {
    this.settings = { ...DEFAULT_SETTINGS };
    this.rng = makeRng();
    this.held = [];
    this.log = [];
    for (const c of this.inFlight) c.abort();
  }

  attempts(): DeliveryAttempt[] {
    return this.log.map((a) => ({ ...a }));
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Whether any webhook would receive an event (else the caller may skip computing them). */
  listening(): boolean {
    return this.registry.all().some((w) => w.status !== "inactive");
  }

  /** Queues one message per event and receiving webhook whose subscriptions ask for it. */
  enqueue(events: WebhookEvent[]): void {
    for (const event of events) {
      for (const w of this.registry.all()) {
        if (w.status === "inactive" || !w.subscriptions.some((s) => subscriptionMatches(s, event))) continue;
        const msg: Message = {
          key: uuid(),
          webhookId: w.id,
          body: JSON.stringify({ webhook_id: w.id, events: [event] }),
          eventTypes: [event.event_type],
          attempts: 0,
        };
        if (this.rng() < this.settings.dropRate) continue;
        const copies = this.rng() < this.settings.duplicateRate ? [msg, { ...msg }] : [msg];
        for (const m of copies) {
          if (this.settings.hold) this.held.push(m);
          else this.clock.after(0, () => this.attempt(m));
        }
      }
    }
  }

  /** Sends the held messages now, in the order asked; returns how many. */
  release(order: "fifo" | "reverse" | "shuffle" = "fifo"): number {
    const msgs = this.held;
    this.held = [];
    if (order === "reverse") msgs.reverse();
    if (order === "shuffle") {
      for (let i = msgs.length - 1; i > 0; i--) {
        const j = Math.floor(this.rng() * (i + 1));
        [msgs[i], msgs[j]] = [msgs[j], msgs[i]];
      }
    }
    for (const m of msgs) this.clock.after(0, () => this.attempt(m));
    return msgs.length;
  }

  private current(id: string): Webhook | undefined {
    return this.registry.all().find((w) => w.id === id);
  }

  private async attempt(msg: Message): Promise<void> {
    const w = this.current(msg.webhookId);
    if (!w || w.status === "inactive") return; // deleted or inactive: nothing more is sent
    msg.attempts++;
    const entry: DeliveryAttempt = {
      at: formatMicros(this.clock.now() * 1000),
      webhookId: w.id,
      idempotencyKey: msg.key,
      attempt: msg.attempts,
      eventTypes: msg.eventTypes,
      status: null,
      delivered: false,
    };
    this.log.push(entry);
    const signature = signBody(w.secret, msg.body);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    try {
      const res = await fetch(w.targetUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "attio-signature": signature,
          "x-attio-signature": signature,
          "idempotency-key": msg.key,
          "user-agent": "fake-attio-webhooks",
        },
        body: msg.body,
        signal: controller.signal,
      });
      entry.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      entry.delivered = res.status >= 200 && res.status < 300;
    } catch (err) {
      entry.error = controller.signal.aborted ? `no answer within ${this.settings.timeoutMs} ms` : String((err as Error).cause ?? err);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
    if (entry.delivered) {
      if (w.status === "degraded") {
        w.status = "active";
        w.degradedAt = undefined;
      }
      return;
    }
    const retry = msg.attempts - 1; // retries done so far
    if (retry < RETRY_DELAYS_MS.length) {
      this.clock.after(RETRY_DELAYS_MS[retry], () => this.attempt(msg));
      return;
    }
    if (w.status === "active") this.degrade(w);
  }

  /** Marks a webhook degraded now; 7 fake days later, still degraded, it turns inactive. */
  degrade(w: Webhook): void {
    w.status = "degraded";
    const since = this.clock.now();
    w.degradedAt = since;
    this.clock.at(since + DEGRADED_TO_INACTIVE_MS, () => {
      if (w.status === "degraded" && w.degradedAt === since) w.status = "inactive";
    });
  }
}
