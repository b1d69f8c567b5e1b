import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ATTIO_BUDGET_DEFAULTS,
  createSharedAttioBudget,
  databaseSlotReserver,
  slotSpacingMs,
  type ReserveSlot,
} from "../../temporal/infra/attio-budget";
import { attioRequestKind, createPacedFetch } from "../../temporal/infra/attio-pacer";
import { createPrismaClient, type DatabaseProvider } from "../../web/src/lib/db";
import { AttioError, createAttioClient } from "../../web/src/lib/attio/client";
import { createTestDatabase, postgresAvailable } from "../helpers/db";

const WRITE_SPACING = slotSpacingMs(ATTIO_BUDGET_DEFAULTS, "write");
// Slots are doubles of ~1.8e12 ms: a quarter of a microsecond apart at best.
const EPSILON = 0.01;

// The budget every worker process shares, on a real database. The assertions are about the slots
// the database hands out (computed values), not about how fast this machine runs.
/** Moves a kind's next free slot, as a clock step on the database host would; set per test's database. */
let setNextAt: (kind: string, nextAt: number) => Promise<void>;

describe.each<DatabaseProvider>(["sqlite", "postgresql"])("the shared Attio budget on %s", (provider) => {
  const available = provider === "sqlite" || postgresAvailable();

  it.skipIf(!available)("gives concurrent reservations from two separate clients evenly spaced, distinct write slots", async () => {
    const db = await createTestDatabase({ provider });
    // A second client with its own connection(s): a second worker process, as far as the database can tell.
    const other = createPrismaClient(db.url);
    try {
      const reservers = [databaseSlotReserver(db.prisma), databaseSlotReserver(other)];
      const slots = await Promise.all(Array.from({ length: 60 }, (_, i) => reservers[i % 2]("write", WRITE_SPACING)));
      const times = slots.map((s) => s.slotAt).sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(WRITE_SPACING - EPSILON);
      // Any 25 consecutive writes span more than a second by the jitter margin: no 26 in any second at Attio.
      for (let i = 24; i < times.length; i++) {
        expect(times[i] - times[i - 24]).toBeGreaterThanOrEqual(1000 + ATTIO_BUDGET_DEFAULTS.jitterMarginMs - WRITE_SPACING - EPSILON);
      }
      // Never a slot in the past: at worst the statement's two clock readings differ by a little.
      for (const s of slots) expect(s.slotAt).toBeGreaterThanOrEqual(s.now - 5);
    } finally {
      await other.$disconnect();
      await db.cleanup();
    }
  });

  // A slot far beyond the queue any workers can build: the database's clock stepped back, or one
  // reservation was made at a far slower rate (0.005/s: 208 s a slot). It must not stall every write.
  it.skipIf(!available).each([
    [
      "one reservation at 0.005 writes/s",
      (reserve: ReserveSlot) => reserve("write", slotSpacingMs({ ...ATTIO_BUDGET_DEFAULTS, writesPerSecond: 0.005 }, "write")),
    ],
    [
      "the database clock stepped back an hour",
      async (reserve: ReserveSlot) => {
        const { now } = await reserve("write", WRITE_SPACING);
        await setNextAt("write", now + 3_600_000);
      },
    ],
  ])("clamps a write slot that lies further ahead than the spacing allows (%s)", async (_, misplace) => {
    const db = await createTestDatabase({ provider });
    setNextAt = async (kind, nextAt) => {
      await db.prisma.attioBudget.update({ where: { kind }, data: { nextAt } });
    };
    try {
      const reserve = databaseSlotReserver(db.prisma);
      await misplace(reserve);
      const first = await reserve("write", WRITE_SPACING);
      const second = await reserve("write", WRITE_SPACING);
      expect(first.slotAt - first.now).toBeLessThanOrEqual(WRITE_SPACING);
      expect(second.slotAt - first.slotAt).toBeGreaterThanOrEqual(WRITE_SPACING - EPSILON);
      expect(second.slotAt - first.slotAt).toBeLessThanOrEqual(WRITE_SPACING + EPSILON);
    } finally {
      await db.cleanup();
    }
  });

  it.skipIf(!available)("keeps reads and writes on separate schedules", async () => {
    const db = await createTestDatabase({ provider });
    try {
      const reserve = databaseSlotReserver(db.prisma);
      const readSpacing = slotSpacingMs(ATTIO_BUDGET_DEFAULTS, "read");
      const writes = [];
      for (let i = 0; i < 3; i++) writes.push(await reserve("write", WRITE_SPACING));
      const read = await reserve("read", readSpacing);
      // A read does not queue behind the writes: the read schedule is fresh, so its slot is now.
      expect(read.slotAt).toBeLessThanOrEqual(read.now + EPSILON);
      expect(writes[2].slotAt - writes[0].slotAt).toBeGreaterThanOrEqual(2 * WRITE_SPACING - EPSILON);
    } finally {
      await db.cleanup();
    }
  });
});

describe("waiting for a slot", () => {
  afterEach(() => vi.useRealTimers());

  /** A reservation source on a fake clock: slots every `spacing` ms from t = 0. */
  function fakeReserver(spacing: number) {
    let next = 0;
    const calls: number[] = [];
    const reserve: ReserveSlot = async () => {
      const now = performance.now();
      const slotAt = Math.max(next, now);
      next = slotAt + spacing;
      calls.push(slotAt);
      return { slotAt, now };
    };
    return { reserve, calls };
  }

  it("holds a request until its slot", async () => {
    vi.useFakeTimers({ now: 0, toFake: ["setTimeout", "clearTimeout", "performance"] });
    const { reserve } = fakeReserver(100);
    const acquire = createSharedAttioBudget(reserve, { writesPerSecond: 10, readsPerSecond: 10, jitterMarginMs: 0 });
    const sent: number[] = [];
    for (let i = 0; i < 3; i++) void acquire("write").then(() => sent.push(performance.now()));
    await vi.advanceTimersByTimeAsync(250);
    expect(sent).toEqual([0, 100, 200]);
  });

  it("takes a new slot instead of sending late when its process stalled past the slot", async () => {
    const slots: number[] = [];
    // The first answer names a slot 100 ms in this process's past, as when the event loop was
    // blocked between the reservation and its answer; the second one is due now.
    const reserve: ReserveSlot = async () => {
      const now = performance.now();
      const slotAt = slots.length === 0 ? now - 100 : now;
      slots.push(slotAt);
      return { slotAt, now };
    };
    const acquire = createSharedAttioBudget(reserve, { writesPerSecond: 20, readsPerSecond: 20, jitterMarginMs: 40 });
    await acquire("write");
    expect(slots).toHaveLength(2);
  });

  it("sends after a few late wakes rather than never, when every reservation answers slower than the tolerance", async () => {
    // A loaded database: each reservation takes 40 ms to answer a slot that was due when it was
    // asked (tolerance: half of a 42 ms margin), so every wake is late.
    const slots: number[] = [];
    const reserve: ReserveSlot = async () => {
      const now = performance.now();
      slots.push(now);
      await new Promise((r) => setTimeout(r, 40));
      return { slotAt: now, now };
    };
    const acquire = createSharedAttioBudget(reserve, ATTIO_BUDGET_DEFAULTS);
    await expect(acquire("write", AbortSignal.timeout(2_000))).resolves.toBeUndefined();
    expect(slots.length).toBeGreaterThan(1);
    expect(slots.length).toBeLessThanOrEqual(4);
  });

  it("leaves with the signal's reason when the request's timeout fires while it waits", async () => {
    vi.useFakeTimers({ now: 0, toFake: ["setTimeout", "clearTimeout", "performance"] });
    const { reserve } = fakeReserver(1_000);
    const acquire = createSharedAttioBudget(reserve, { writesPerSecond: 1, readsPerSecond: 1, jitterMarginMs: 0 });
    await acquire("write");
    const controller = new AbortController();
    const waiting = acquire("write", controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new DOMException("timed out", "TimeoutError"));
    await expect(waiting).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("reports a request that timed out waiting for its slot as a wait, with nothing sent, not as an Attio timeout", async () => {
    // The next write slot is a minute away (a busy workspace); the request's timeout is 50 ms.
    const reserve: ReserveSlot = async () => ({ slotAt: performance.now() + 60_000, now: performance.now() });
    const sent = vi.fn(async () => new Response("{}"));
    const client = createAttioClient({
      apiKey: "key",
      baseUrl: "http://127.0.0.1:9/v2",
      timeoutMs: 50,
      fetch: createPacedFetch(createSharedAttioBudget(reserve, ATTIO_BUDGET_DEFAULTS), sent),
    });

    const err = await client.upsertCompany({ name: "Acme", domain: "acme.test" }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AttioError);
    expect(err).toMatchObject({ code: "budget_wait", retryable: true });
    expect((err as Error).message).toMatch(/waited \d+ ms for a (read|write) slot .*nothing was sent/);
    expect((err as Error).message).not.toMatch(/Attio timeout/);
    expect(sent).not.toHaveBeenCalled();
  });

  it("does not touch the budget when pacing is off", async () => {
    const reserve = vi.fn<ReserveSlot>();
    const acquire = createSharedAttioBudget(reserve, { writesPerSecond: 0, readsPerSecond: 0, jitterMarginMs: 42 });
    await acquire("write");
    await acquire("read");
    expect(reserve).not.toHaveBeenCalled();
  });

  it("classifies requests the way Attio counts them, and paces each by its kind", async () => {
    expect(attioRequestKind("GET", "https://api.attio.com/v2/notes?limit=50")).toBe("read");
    expect(attioRequestKind("POST", "https://api.attio.com/v2/objects/people/records/query")).toBe("read");
    // Attio's rate-limit guide counts read-style query POSTs as reads; the fake Attio counts the
    // list-entry query as one too (fake-attio/crm-routes.ts isCrmRead).
    expect(attioRequestKind("POST", "https://api.attio.com/v2/lists/sales/entries/query")).toBe("read");
    expect(attioRequestKind("POST", "https://api.attio.com/v2/lists/sales/entries")).toBe("write");
    expect(attioRequestKind("PUT", "https://api.attio.com/v2/objects/people/records?matching_attribute=email_addresses")).toBe("write");
    expect(attioRequestKind("POST", "https://api.attio.com/v2/notes")).toBe("write");
    expect(attioRequestKind("PATCH", "http://127.0.0.1:4010/v2/objects/people/records/abc")).toBe("write");

    const kinds: string[] = [];
    const paced = createPacedFetch(
      async (kind) => {
        kinds.push(kind);
      },
      async () => new Response("{}"),
    );
    await paced("http://attio.test/v2/notes", { method: "POST" });
    await paced("http://attio.test/v2/objects/people/records/query", { method: "POST" });
    await paced(new URL("http://attio.test/v2/notes"));
    expect(kinds).toEqual(["write", "read", "read"]);
  });
});
