/**
 * The fake workspace's webhook side, wired together: registrations (webhooks.ts), the fake clock
 * (clock.ts), deliveries (deliveries.ts), the events of each write (events.ts) and Attio's system
 * echoes (echoes.ts). The server runs every write through `withEvents`.
 */
import { FakeClock } from "./clock";
import { Deliveries, type DeliverySettings } from "./deliveries";
import { DEFAULT_ECHOES, echoesOf, type EchoSettings } from "./echoes";
import { diffEvents, snapshot, type MergeDone } from "./events";
import type { Store } from "./store";
import type { FakeAttio } from "./types";
import type { Actor } from "./values";
import { WebhookRegistry, type WebhookStatus } from "./webhooks";

export class WebhookSide {
  readonly clock = new FakeClock();
  readonly registry: WebhookRegistry;
  readonly deliveries: Deliveries;
  private echoes: EchoSettings = { ...DEFAULT_ECHOES };
  private store: Store | undefined;

  constructor(workspaceId: string, allowHttpTargets: boolean) {
    this.registry = new WebhookRegistry(workspaceId, () => allowHttpTargets);
    this.deliveries = new Deliveries(this.registry, this.clock);
  }

  /** The workspace whose writes emit events (set once the store exists: it reads this clock). */
  attach(store: Store): void {
    this.store = store;
  }

  reset(): void {
    this.clock.clear();
    this.deliveries.reset();
    this.registry.clear();
    this.echoes = { ...DEFAULT_ECHOES };
  }

  close(): void {
    this.clock.clear(true);
    this.deliveries.reset();
  }

  /**
   * Runs a write and queues the webhook events it caused, then their system echoes. Skipped when
   * no webhook listens: Attio's events without a subscriber reach no one.
   */
  withEvents<T>(actor: Actor, change: () => T, merge?: () => MergeDone | undefined): T {
    const store = this.store;
    if (!store || !this.deliveries.listening()) return change();
    const before = snapshot(store);
    const result = change();
    const events = diffEvents(store, before, snapshot(store), actor, merge?.());
    if (events.length === 0) return result;
    this.deliveries.enqueue(events);
    for (const echo of echoesOf(store, events, this.echoes)) {
      this.clock.after(echo.delayMs, () => {
        const e = echo.event();
        if (e) this.deliveries.enqueue([e]);
      });
    }
    return result;
  }

  setEchoes(patch: Partial<EchoSettings>): EchoSettings {
    this.echoes = { ...this.echoes, ...patch };
    return { ...this.echoes };
  }

  configureDeliveries(patch: Partial<DeliverySettings>): DeliverySettings {
    return this.deliveries.configure(patch);
  }

  listWebhooks(): (Record<string, unknown> & { secret: string })[] {
    return this.registry.all().map((w) => this.registry.toApi(w, true) as Record<string, unknown> & { secret: string });
  }

  /** Forces a webhook's status (tests of a repair flow); degraded starts the 7-day clock. */
  setWebhookStatus(id: string, status: WebhookStatus): void {
    const w = this.registry.get(id);
    if (status === "degraded") this.deliveries.degrade(w);
    else {
      w.status = status;
      w.degradedAt = undefined;
    }
  }

  /** The in-process handle (FakeAttio.webhooks), minus what the server adds. */
  handle(): Omit<FakeAttio["webhooks"], "setMergeInProgressMs"> {
    return {
      list: () => this.listWebhooks(),
      setStatus: (id, status) => this.setWebhookStatus(id, status),
      deliveries: () => this.deliveries.attempts(),
      configure: (patch) => this.configureDeliveries(patch),
      release: (order) => this.deliveries.release(order),
      setEchoes: (patch) => this.setEchoes(patch),
      settle: () => this.clock.settle(),
      advance: (ms) => this.clock.advance(ms),
      now: () => this.clock.now(),
    };
  }
}
