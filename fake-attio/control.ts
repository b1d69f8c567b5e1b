/**
 * The `/__fake/*` control endpoints: tests and benchmarks read the log and stats, set faults, and
 * drive the webhook side (clock, deliveries, echoes) over HTTP. Documented in
 * docs/attio-fake-fidelity.md ("Control endpoints").
 */
import type { DeliveryAttempt, DeliverySettings } from "./deliveries";
import type { EchoSettings } from "./echoes";
import { AttioError } from "./errors";
import type { ObjectSlug } from "./schema";
import type { FakeStats, FaultConfig, LoggedRequest } from "./types";
import { isPlainObject } from "./util";
import type { WebhookStatus } from "./webhooks";

const UNITS_MS: Record<string, number> = { ms: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

interface WebhookControl {
  hooks: {
    clock: { now(): number; offset(): number; advance(ms: number): Promise<void>; settle(): Promise<void> };
    deliveries: { attempts(): DeliveryAttempt[]; release(order?: "fifo" | "reverse" | "shuffle"): number; heldCount(): number };
    configureDeliveries(patch: Partial<DeliverySettings>): DeliverySettings;
    setEchoes(patch: Partial<EchoSettings>): EchoSettings;
    listWebhooks(): unknown[];
    setWebhookStatus(id: string, status: WebhookStatus): void;
  };
  setMergeInProgressMs(ms: number): void;
  actors(): unknown;
}

const DELIVERY_KEYS: Record<string, "number" | "boolean"> = {
  duplicateRate: "number",
  dropRate: "number",
  hold: "boolean",
  timeoutMs: "number",
  seed: "number",
};
const ECHO_KEYS: Record<string, "number" | "boolean"> = {
  enabled: "boolean",
  emailRelinkMs: "number",
  stageMs: "number",
  relinkCompany: "boolean",
};

/** Only known keys of the expected types, or an error message. */
function settingsPatch<T>(body: unknown, keys: Record<string, "number" | "boolean">): Partial<T> | string {
  if (!isPlainObject(body)) return `Expected a JSON object with some of: ${Object.keys(keys).join(", ")}.`;
  for (const [k, v] of Object.entries(body)) {
    if (!(k in keys)) return `Unknown setting "${k}" (known: ${Object.keys(keys).join(", ")}).`;
    if (typeof v !== keys[k] || (typeof v === "number" && (!Number.isFinite(v) || v < 0))) return `"${k}" must be a ${keys[k]} (>= 0).`;
  }
  return body as Partial<T>;
}

async function webhookAnswer(
  server: WebhookControl,
  method: string,
  seg: string[],
  body: unknown,
): Promise<{ status: number; payload: unknown } | null> {
  const fake = server.hooks;
  const reply = (status: number, payload: unknown) => ({ status, payload });
  const bad = (message: string) => reply(400, { error: message });
  const clock = () => ({ now: new Date(fake.clock.now()).toISOString(), offsetMs: fake.clock.offset() });
  switch (`${method} ${seg.join("/")}`) {
    case "GET actors":
      return reply(200, server.actors());
    case "GET clock":
      return reply(200, clock());
    case "POST clock/advance": {
      if (!isPlainObject(body)) return bad('Expected e.g. {"ms": 1000} or {"days": 3} (units: ms, seconds, minutes, hours, days; summed).');
      let ms = 0;
      for (const [unit, v] of Object.entries(body)) {
        if (!(unit in UNITS_MS) || typeof v !== "number" || !Number.isFinite(v) || v < 0)
          return bad(`Bad advance "${unit}": ${JSON.stringify(v)}.`);
        ms += v * UNITS_MS[unit];
      }
      await fake.clock.advance(ms);
      return reply(200, clock());
    }
    case "GET webhooks":
      return reply(200, fake.listWebhooks());
    case "GET deliveries":
      return reply(200, fake.deliveries.attempts());
    case "POST deliveries": {
      const patch = settingsPatch<DeliverySettings>(body ?? {}, DELIVERY_KEYS);
      return typeof patch === "string" ? bad(patch) : reply(200, fake.configureDeliveries(patch));
    }
    case "POST deliveries/release": {
      const order = isPlainObject(body) ? (body.order ?? "fifo") : "fifo";
      if (order !== "fifo" && order !== "reverse" && order !== "shuffle") return bad('"order" must be "fifo", "reverse" or "shuffle".');
      const released = fake.deliveries.release(order);
      await fake.clock.settle();
      return reply(200, { released });
    }
    case "POST deliveries/settle":
      await fake.clock.settle();
      return reply(200, { held: fake.deliveries.heldCount() });
    case "POST merges": {
      const ms = isPlainObject(body) ? body.inProgressMs : undefined;
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) return bad('Expected {"inProgressMs": <ms, 0 = merges answer 200>}.');
      server.setMergeInProgressMs(ms);
      return reply(200, { inProgressMs: ms });
    }
    case "POST echoes": {
      const patch = settingsPatch<EchoSettings>(body ?? {}, ECHO_KEYS);
      return typeof patch === "string" ? bad(patch) : reply(200, fake.setEchoes(patch));
    }
  }
  if (method === "POST" && seg[0] === "webhooks" && seg.length === 3 && seg[2] === "status") {
    const status = isPlainObject(body) ? body.status : undefined;
    if (status !== "active" && status !== "degraded" && status !== "inactive")
      return bad('Expected {"status": "active"|"degraded"|"inactive"}.');
    try {
      fake.setWebhookStatus(seg[1], status);
    } catch (err) {
      if (err instanceof AttioError) return reply(err.status, err.body());
      throw err;
    }
    return reply(200, {});
  }
  return null;
}

interface Controllable extends WebhookControl {
  stats(): FakeStats;
  requests(): LoggedRequest[];
  reset(): void;
  setFaults(f: FaultConfig): void;
  setLatency(ms: number): void;
  setRateLimit(r: { writesPerSecond: number; readsPerSecond: number } | false | undefined): void;
  listRecords(object: ObjectSlug): unknown[];
  deleteRecord(object: ObjectSlug, recordId: string): void;
  listNotes(): unknown[];
}

export async function controlAnswer(
  fake: Controllable,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; payload: unknown }> {
  const reply = (status: number, payload: unknown) => ({ status, payload });
  const bad = (message: string) => reply(400, { error: message });
  const seg = path.split("/").filter(Boolean).slice(1); // drop "__fake"
  const webhook = await webhookAnswer(fake, method, seg, body);
  if (webhook) return webhook;
  const route = `${method} ${seg[0] ?? ""}`;
  switch (route) {
    case "GET stats":
      return reply(200, fake.stats());
    case "GET requests":
      return reply(200, fake.requests());
    case "POST reset":
      fake.reset();
      return reply(200, {});
    case "POST faults":
      if (body !== undefined && !isPlainObject(body)) return bad("Expected a JSON FaultConfig object.");
      {
        const faults = { ...((body ?? {}) as FaultConfig) };
        fake.setFaults(faults);
        return reply(200, { faults });
      }
    case "POST latency": {
      const ms = isPlainObject(body) ? body.ms : undefined;
      if (typeof ms !== "number" || ms < 0) return bad('Expected {"ms": <non-negative number>}.');
      fake.setLatency(ms);
      return reply(200, { ms });
    }
    case "POST rate-limit": {
      // false/null disables; {} or absent restores Attio's default; otherwise {writesPerSecond, readsPerSecond}.
      if (body === false || body === null) fake.setRateLimit(false);
      else if (body === undefined || (isPlainObject(body) && Object.keys(body).length === 0)) fake.setRateLimit(undefined);
      else if (isPlainObject(body) && typeof body.writesPerSecond === "number" && typeof body.readsPerSecond === "number") {
        fake.setRateLimit({ writesPerSecond: body.writesPerSecond, readsPerSecond: body.readsPerSecond });
      } else return bad('Expected false or {"writesPerSecond": n, "readsPerSecond": n}.');
      return reply(200, {});
    }
    case "GET records":
      if (seg[1] !== "people" && seg[1] !== "companies") return reply(404, { error: "Unknown object." });
      return reply(200, fake.listRecords(seg[1]));
    case "DELETE records":
      if ((seg[1] !== "people" && seg[1] !== "companies") || !seg[2]) return reply(404, { error: "Use /__fake/records/<object>/<id>." });
      fake.deleteRecord(seg[1], seg[2]);
      return reply(200, {});
    case "GET notes":
      return reply(200, fake.listNotes());
    default:
      return reply(404, { error: `Unknown control endpoint ${method} ${path}.` });
  }
}
