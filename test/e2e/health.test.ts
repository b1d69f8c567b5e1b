// The web app's health endpoints through the production build: liveness reaches nothing,
// readiness checks the database, Temporal and the Attio token (cached), and probes from compose or
// Kubernetes, which carry no session and another Host, get through while they reveal nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/lib/ports";
import { useSyncHarness } from "../helpers/harness";
import { requestsTo } from "../helpers/reliability";
import { requestWithHost, startWebServer, type WebServer } from "../helpers/web";

const REBIND = "rebind.attacker.test:3300";
// Long enough that no probe of a test outlives the window: a second probe is always a cached one.
const CACHE = { LEADSYNC_HEALTH_CACHE_SECONDS: "300" };

interface Readiness {
  status: string;
  checks: Record<string, { ok: boolean; reason?: string; checkedAt: string; ageMs: number }>;
}

async function ready(base: string): Promise<{ status: number; body: Readiness; text: string }> {
  const res = await fetch(`${base}/api/health/ready`);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Readiness, text };
}

describe("the web app's health endpoints", () => {
  const h = useSyncHarness({ web: { env: CACHE } });
  const selfRequests = () => requestsTo(h.fake, "GET", /\/self$/).length;

  it("answers live with 200 and sends nothing upstream", async () => {
    const before = h.fake.requests().length;
    const res = await fetch(`${h.web.url}/api/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "live" });
    expect(h.fake.requests().length).toBe(before);
  });

  it("answers ready with 200 when the database, Temporal and the Attio token pass", async () => {
    const { status, body } = await ready(h.web.url);
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    for (const name of ["database", "temporal", "attio"]) expect(body.checks[name], name).toMatchObject({ ok: true });
  });

  it("reuses each result within the cache window: a second probe sends Attio nothing", async () => {
    const first = await ready(h.web.url);
    const asked = selfRequests();
    const second = await ready(h.web.url);
    expect(asked).toBeGreaterThan(0);
    expect(selfRequests()).toBe(asked);
    expect(second.body.checks.attio.checkedAt).toBe(first.body.checks.attio.checkedAt);
  });

  it("answers probes under any Host while the open app refuses its pages there", async () => {
    expect((await requestWithHost(h.web.url, "/api/health/live", REBIND)).status).toBe(200);
    expect((await requestWithHost(h.web.url, "/api/health/ready", "web:3000")).status).toBe(200);
    expect((await requestWithHost(h.web.url, "/leads", REBIND)).status).toBe(421);
  });

  it("still refuses a server action posted to a health path under a foreign Host", async () => {
    const res = await requestWithHost(h.web.url, "/api/health/ready", REBIND, {
      method: "POST",
      headers: { "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8" },
      body: "[]",
    });
    expect(res.status).toBe(421);
  });

  it("names no token, address or database in its answer", async () => {
    const { text } = await ready(h.web.url);
    expect(text).not.toContain(h.attioEnv.ATTIO_API_KEY);
    expect(text).not.toContain(inject("temporalAddress"));
    expect(text).not.toContain(new URL(h.fake.baseUrl).host);
    expect(text).not.toContain(h.db.url);
  });

  describe("with Temporal unreachable", () => {
    let down: WebServer;
    beforeAll(async () => {
      // Nothing listens on a port freePort() just found free.
      down = await startWebServer({ ...h.attioEnv, ...CACHE, DATABASE_URL: h.db.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    });
    afterAll(() => down?.stop());

    it("answers ready with 503 naming Temporal, the other checks passing", async () => {
      const { status, body } = await ready(down.url);
      expect(status).toBe(503);
      expect(body.status).toBe("not ready");
      expect(body.checks.temporal).toMatchObject({ ok: false, reason: "unreachable" });
      expect(body.checks.database).toMatchObject({ ok: true });
      expect(body.checks.attio).toMatchObject({ ok: true });
    });
  });

  describe("with a token Attio refuses, and sign-in on", () => {
    let refused: WebServer;
    beforeAll(async () => {
      refused = await startWebServer({
        ...CACHE,
        ATTIO_API_KEY: "a-token-the-fake-does-not-know",
        ATTIO_BASE_URL: h.fake.baseUrl,
        DATABASE_URL: h.db.url,
        TEMPORAL_ADDRESS: inject("temporalAddress"),
        LEADSYNC_PASSWORD: "correct horse battery",
        LEADSYNC_SESSION_SECRET: "s".repeat(40),
      });
    });
    afterAll(() => refused?.stop());

    it("answers ready with 503 naming Attio's refusal of the token", async () => {
      const { status, body, text } = await ready(refused.url);
      expect(status).toBe(503);
      expect(body.checks.attio).toMatchObject({ ok: false, reason: "token refused" });
      expect(body.checks.temporal).toMatchObject({ ok: true });
      expect(text).not.toContain("a-token-the-fake-does-not-know");
    });

    it("answers probes without a session, while pages still ask for the sign-in", async () => {
      expect((await fetch(`${refused.url}/api/health/live`)).status).toBe(200);
      expect((await requestWithHost(refused.url, "/api/health/ready", "10.1.2.3:3000")).status).toBe(503);
      const page = await fetch(`${refused.url}/leads`, { redirect: "manual" });
      expect(page.status).toBe(307);
      expect(page.headers.get("location")).toMatch(/\/login\?next=/);
    });
  });
});
