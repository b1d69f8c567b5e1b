import { describe, expect, it } from "vitest";
import { type CheckOutcome, cachedCheck, readinessReport } from "../../web/src/lib/health/checks";

/** A check that counts its runs and answers what the test sets; the clock is the test's. */
function counted(answer: () => Promise<CheckOutcome> = async () => ({ ok: true })) {
  let runs = 0;
  let now = 1_000_000;
  const check = cachedCheck(
    () => {
      runs++;
      return answer();
    },
    { cacheMs: 15_000, timeoutMs: 1_000, now: () => now },
  );
  return {
    check,
    runs: () => runs,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("a cached readiness check", () => {
  it("reuses its result within the cache window and says how old it is", async () => {
    const c = counted();
    const first = await c.check();
    c.advance(14_999);
    const second = await c.check();
    expect(c.runs()).toBe(1);
    expect(first).toMatchObject({ ok: true, ageMs: 0 });
    expect(second).toMatchObject({ ok: true, ageMs: 14_999, checkedAt: first.checkedAt });
  });

  it("runs again once the window has passed", async () => {
    const c = counted();
    await c.check();
    c.advance(15_000);
    expect((await c.check()).ageMs).toBe(0);
    expect(c.runs()).toBe(2);
  });

  it("shares one run among concurrent probes", async () => {
    let release!: () => void;
    const c = counted(() => new Promise((resolve) => (release = () => resolve({ ok: true }))));
    const probes = [c.check(), c.check(), c.check()];
    release();
    await Promise.all(probes);
    expect(c.runs()).toBe(1);
  });

  it("caches a failure too, with its reason", async () => {
    const c = counted(async () => ({ ok: false, reason: "unreachable" }));
    await c.check();
    expect(await c.check()).toMatchObject({ ok: false, reason: "unreachable" });
    expect(c.runs()).toBe(1);
  });

  it("fails with 'failed' when the check throws, never with its message", async () => {
    const c = counted(async () => {
      throw new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2");
    });
    const report = await c.check();
    expect(report).toMatchObject({ ok: false, reason: "failed" });
    expect(JSON.stringify(report)).not.toContain("hunter2");
  });

  it("fails with 'timeout' when the check does not answer in time", async () => {
    const check = cachedCheck(() => new Promise<CheckOutcome>(() => undefined), { cacheMs: 15_000, timeoutMs: 20 });
    expect(await check()).toMatchObject({ ok: false, reason: "timeout" });
  });
});

describe("a readiness report", () => {
  it("is ready only when every check passed, and names each", async () => {
    const pass = cachedCheck(async () => ({ ok: true }), { cacheMs: 1, timeoutMs: 1_000 });
    const fail = cachedCheck(async () => ({ ok: false, reason: "token refused" }), { cacheMs: 1, timeoutMs: 1_000 });
    expect((await readinessReport({ database: pass, temporal: pass })).ready).toBe(true);
    const { ready, body } = await readinessReport({ database: pass, attio: fail });
    expect(ready).toBe(false);
    expect(body.status).toBe("not ready");
    expect(body.checks.attio).toMatchObject({ ok: false, reason: "token refused" });
    expect(body.checks.database).toMatchObject({ ok: true });
  });
});
