/**
 * The network between the fake Attio and the app's webhook intake, as the model test controls it:
 * the fake delivers its signed webhooks (one event each, ids and actor only) over HTTP to this
 * local endpoint, which accepts them and keeps them; at each settle point the model hands them to
 * the intake on time, twice (same Idempotency-Key), late (at the next settle, after that step's
 * own events), stored but never signalled (the app died after answering), or not at all (lost:
 * only a reconcile pass catches up), in the order the step's plan says.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { makeRng } from "../../fake-attio/util";

export const FATES = ["now", "twice", "late", "late-twice", "unsignalled", "lost"] as const;
export type Fate = (typeof FATES)[number];
export type Order = "fifo" | "reverse" | "shuffle";

/** How one step's messages travel: message i gets fates[i % fates.length]; `seed` drives the shuffle. */
export interface WirePlan {
  fates: Fate[];
  order: Order;
  seed: number;
}

/** Leadsync's own writes' events (workspace and sync steps): delivered once, in order. */
export const ON_TIME: WirePlan = { fates: ["now"], order: "fifo", seed: 0 };

export const describePlan = (p: WirePlan) => `${p.fates.join("/")}${p.order === "fifo" ? "" : `, ${p.order}`}`;

export interface WireEvent {
  event_type: string;
  id: Record<string, string | undefined>;
  parent_record_id?: string;
  duplicate_record_id?: string;
}

export interface WireMessage {
  key: string;
  rawBody: string;
  headers: Record<string, string>;
  events: WireEvent[];
}

/** One hand-over of a message copy to the intake, as the intake answered it. */
export interface Handover {
  key: string;
  events: WireEvent[];
  status: number;
  /** Rows this copy stored. */
  stored: number;
  signalled: boolean;
}

/** What the intake is asked to do with one copy. */
export type Intake = (msg: WireMessage, signal: boolean) => Promise<{ status: number; stored: number }>;

/** Record, entry and parent ids an event names: what a held or lost message leaves unsettled. */
export function idsOf(e: WireEvent): string[] {
  return [e.id.record_id, e.id.entry_id, e.parent_record_id, e.duplicate_record_id].filter((v): v is string => !!v);
}

function ordered<T>(items: T[], order: Order, seed: number): T[] {
  const out = [...items];
  if (order === "reverse") out.reverse();
  if (order === "shuffle") {
    const next = makeRng(seed);
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  }
  return out;
}

export class Wire {
  private fresh: WireMessage[] = [];
  private late: WireMessage[] = [];
  private lost: WireMessage[] = [];
  /** Idempotency-Key -> rows stored for it over every copy handed over. */
  readonly storedByKey = new Map<string, number>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Wire> {
    let wire: Wire | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
        let events: WireEvent[] = [];
        try {
          events = (JSON.parse(rawBody) as { events: WireEvent[] }).events ?? [];
        } catch {
          // kept as is: the intake answers a body it cannot parse
        }
        wire?.fresh.push({ key: headers["idempotency-key"] ?? "", rawBody, headers, events });
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    wire = new Wire(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return wire;
  }

  reset(): void {
    this.fresh = [];
    this.late = [];
    this.lost = [];
    this.storedByKey.clear();
  }

  /** Ids named by messages held for later or lost: the app cannot know of those changes yet. */
  unsettledIds(): Set<string> {
    return new Set([...this.late, ...this.lost].flatMap((m) => m.events.flatMap(idsOf)));
  }

  /** A reconcile pass read Attio itself: the lost messages no longer leave anything unsettled. */
  forgetLost(): void {
    this.lost = [];
  }

  /**
   * Hands this step's messages (arrived since the last call) to the intake as `plan` says, then the
   * ones held back by earlier steps. Copies of one message go concurrently; messages one by one.
   */
  async handOver(plan: WirePlan, intake: Intake): Promise<Handover[]> {
    const mine = ordered(this.fresh, plan.order, plan.seed);
    const held = this.late;
    this.fresh = [];
    this.late = [];
    const out: Handover[] = [];
    const send = async (msg: WireMessage, copies: number, signal = true) => {
      const results = await Promise.all(Array.from({ length: copies }, () => intake(msg, signal)));
      for (const r of results) {
        this.storedByKey.set(msg.key, (this.storedByKey.get(msg.key) ?? 0) + r.stored);
        out.push({ key: msg.key, events: msg.events, status: r.status, stored: r.stored, signalled: signal });
      }
    };
    for (const [i, msg] of mine.entries()) {
      const fate = plan.fates[i % plan.fates.length]!;
      if (fate === "now") await send(msg, 1);
      else if (fate === "twice") await send(msg, 2);
      else if (fate === "unsignalled") await send(msg, 1, false);
      else if (fate === "late") this.late.push(msg);
      else if (fate === "late-twice") {
        await send(msg, 1);
        this.late.push(msg);
      } else this.lost.push(msg);
    }
    for (const msg of held) await send(msg, 1);
    return out;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
