/** The `/__fake/*` control endpoints: tests and benchmarks read the log and stats and set faults over HTTP. */
import type { ObjectSlug } from "./schema";
import type { FakeStats, FaultConfig, LoggedRequest } from "./types";
import { isPlainObject } from "./util";

interface Controllable {
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

export function controlAnswer(fake: Controllable, method: string, path: string, body: unknown): { status: number; payload: unknown } {
  const reply = (status: number, payload: unknown) => ({ status, payload });
  const bad = (message: string) => reply(400, { error: message });
  const seg = path.split("/").filter(Boolean).slice(1); // drop "__fake"
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
