/** The fake Attio over real HTTP: rate limiting and fault injection. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { call, expectError, fake, ok, registerSharedFake, withFake } from "./fake-attio-helpers";
import type { Res } from "./fake-attio-helpers";

registerSharedFake();

// -----------------------------------------------------------------------------------------------
describe("rate limiting", () => {
  let limited: FakeAttio;
  beforeAll(async () => {
    limited = await startFakeAttio({ rateLimit: { writesPerSecond: 3, readsPerSecond: 5 } });
  });
  afterAll(async () => {
    await limited.close();
  });
  beforeEach(() => limited.reset());

  const create = (i: number) =>
    call("POST", "/v2/objects/companies/records", { data: { values: { name: [`c${i}`] } } }, { server: limited });

  it("the write beyond the budget answers 429 with the documented body and an HTTP-date Retry-After in the future", async () => {
    const sentAt = Date.now();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await create(i)).status);
    const r = await create(4);
    if (Date.now() - sentAt < 1000) expect(statuses).toEqual([200, 200, 200, 429]);
    expectError(r, 429, "rate_limit_exceeded", "rate_limit_error");
    expect(r.json.message).toBe("Rate limit exceeded, please try again later");
    const ra = r.headers.get("retry-after");
    expect(ra).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const at = Date.parse(ra!);
    expect(at).toBeGreaterThan(sentAt);
    expect(at % 1000).toBe(0);
    expect(at - Date.now()).toBeLessThanOrEqual(2000);
  });

  it("a 429 is not processed", async () => {
    for (let i = 0; i < 5; i++) await create(i);
    const created = limited.stats().companies;
    expect(created).toBeLessThan(5);
    expect(limited.stats().status429).toBe(5 - created);
  });

  it("reads have their own budget and the records query counts as a read", async () => {
    for (let i = 0; i < 4; i++) await create(i);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await call("POST", "/v2/objects/companies/records/query", {}, { server: limited })).status);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(5);
    expect(
      limited
        .requests()
        .filter((e) => e.path.endsWith("/query"))
        .every((e) => e.kind === "read"),
    ).toBe(true);
  });

  it("budgets are per token", async () => {
    await withFake(
      {
        rateLimit: { writesPerSecond: 1, readsPerSecond: 1 },
        tokens: {
          a: { scopes: ["record_permission:read-write", "object_configuration:read"] },
          b: { scopes: ["record_permission:read-write", "object_configuration:read"] },
        },
      },
      async (f) => {
        const q = (token: string) => call("POST", "/v2/objects/people/records/query", {}, { server: f, token });
        expect((await q("a")).status).toBe(200);
        expect((await q("b")).status).toBe(200);
        expect((await q("a")).status).toBe(429);
      },
    );
  });

  it("retrying at the Retry-After date succeeds, a retry before it is counted as early", async () => {
    let r: Res;
    let i = 0;
    do r = await create(i++);
    while (r.status !== 429);
    const body = { data: { values: { name: [`c${i - 1}`] } } };
    await call("POST", "/v2/objects/companies/records", body, { server: limited }); // immediate retry: early
    expect(limited.stats().earlyRetries).toBe(1);
    const wait = Date.parse(r.headers.get("retry-after")!) - Date.now();
    await new Promise((res) => setTimeout(res, Math.max(0, wait) + 5));
    expect((await call("POST", "/v2/objects/companies/records", body, { server: limited })).status).toBe(200);
    expect(limited.stats().earlyRetries).toBe(1);
    expect(limited.requests().filter((e) => e.early)).toHaveLength(1);
  });

  it("stats report the busiest second of processed requests", async () => {
    for (let i = 0; i < 6; i++) await create(i);
    const s = limited.stats();
    expect(s.maxWritesInAnySecond).toBeLessThanOrEqual(3);
    expect(s.maxWritesInAnySecond).toBeGreaterThanOrEqual(1);
  });

  it("setRateLimit(false) disables the limiter", async () => {
    limited.setRateLimit(false);
    for (let i = 0; i < 8; i++) expect((await create(i)).status).toBe(200);
  });

  it("the default limiter allows Attio's 25 writes per second", async () => {
    await withFake({}, async (f) => {
      const codes = await Promise.all(
        Array.from({ length: 26 }, (_, i) =>
          call("POST", "/v2/objects/companies/records", { data: { values: { name: [`c${i}`] } } }, { server: f }).then((x) => x.status),
        ),
      );
      expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(25);
      expect(f.stats().maxWritesInAnySecond).toBeLessThanOrEqual(25);
    });
  });
});

// -----------------------------------------------------------------------------------------------
describe("fault injection", () => {
  const create = () => call("POST", "/v2/objects/companies/records", { data: { values: { name: ["Acme"], domains: ["acme.com"] } } });

  it("errorRate answers 503 with a non-JSON body before processing", async () => {
    fake.setFaults({ errorRate: 1 });
    const r = await create();
    expect(r.status).toBe(503);
    expect(r.text).toBe("Service Unavailable");
    expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(r.json).toBeUndefined();
    expect(fake.stats()).toMatchObject({ companies: 0, status5xx: 1 });
  });

  it("errorStatus chooses the injected status", async () => {
    fake.setFaults({ errorRate: 1, errorStatus: 500 });
    const r = await create();
    expect([r.status, r.text]).toEqual([500, "Internal Server Error"]);
  });

  it("an injected 429 uses the documented JSON body and Retry-After", async () => {
    fake.setFaults({ errorRate: 1, errorStatus: 429 });
    const r = await create();
    expectError(r, 429, "rate_limit_exceeded", "rate_limit_error");
    expect(Date.parse(r.headers.get("retry-after")!)).toBeGreaterThan(Date.now() - 1000);
  });

  it("appliesTo limits faults to reads or writes", async () => {
    fake.setFaults({ errorRate: 1, appliesTo: "writes" });
    expect((await call("POST", "/v2/objects/companies/records/query", {})).status).toBe(200);
    expect((await create()).status).toBe(503);
    fake.setFaults({ errorRate: 1, appliesTo: "reads" });
    expect((await create()).status).toBe(200);
    expect((await call("GET", "/v2/self")).status).toBe(503);
  });

  it("timeoutRate holds the request, then destroys the socket without processing", async () => {
    fake.setFaults({ timeoutRate: 1, timeoutMs: 150 });
    const started = Date.now();
    await expect(create()).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.stats()).toMatchObject({ companies: 0, timeouts: 1 });
    expect(fake.requests()[0].status).toBe(0);
  });

  it("burst429 answers 429 to the next N requests only", async () => {
    fake.setFaults({ burst429: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call("GET", "/v2/self")).status);
    expect(codes).toEqual([429, 429, 200]);
    expect(fake.requests()[0].retryAfter).toMatch(/GMT$/);
    expect(fake.stats().status429).toBe(2);
  });

  it("failAfterProcessingRate applies the write, then answers 503; a blind retry hits uniqueness", async () => {
    fake.setFaults({ failAfterProcessingRate: 1 });
    const r = await create();
    expect(r.status).toBe(503);
    expect(r.text).toBe("Service Unavailable");
    expect(fake.stats().companies).toBe(1);
    fake.setFaults({});
    expectError(await create(), 400, "uniqueness_conflict");
    expect(fake.stats().duplicates.companiesByDomain).toBe(0);
  });

  it("a seed makes injected faults reproducible", async () => {
    const run = async () => {
      fake.setFaults({ errorRate: 0.5, seed: 42 });
      const codes = [];
      for (let i = 0; i < 12; i++) codes.push((await call("GET", "/v2/self")).status);
      return codes;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([200, 503]));
  });

  it("setFaults({}) clears faults", async () => {
    fake.setFaults({ errorRate: 1 });
    fake.setFaults({});
    expect((await call("GET", "/v2/self")).status).toBe(200);
  });

  it("setLatency delays every /v2 answer", async () => {
    fake.setLatency(120);
    const started = Date.now();
    await ok("GET", "/v2/self");
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });
});
