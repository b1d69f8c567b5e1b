// Security regressions against the production build (issue 12): sign-in throttle, redirects after
// sign-in, headers, strict ids, the codec body limit and "sign out everywhere".
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSessionToken, SESSION_COOKIE } from "../../web/src/lib/auth/session";
import { useSyncHarness } from "../helpers/harness";
import { uniqueTaskQueue } from "../helpers/temporal";
import { startWebServer, type WebServer } from "../helpers/web";

const PASSWORD = "correct horse battery staple";
const SECRET = "security-test-session-secret-0123456789abcdef";
const PER_CLIENT = 5;
const GLOBAL = 12;

/** One wrong sign-in attempt; which answer it got: the password was compared, or refused unread. */
async function guess(base: string, forwardedFor: string): Promise<"evaluated" | "throttled" | string> {
  const res = await fetch(`${base}/login/session`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
    body: new URLSearchParams({ password: "not the password", next: "/leads" }),
  });
  const error = new URL(res.headers.get("location") ?? "/", base).searchParams.get("error");
  return error === "password" ? "evaluated" : error === "throttled" ? "throttled" : `${res.status} ${error}`;
}

async function parallelGuesses(base: string, n: number): Promise<Record<string, number>> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => guess(base, `203.0.113.${i % 250}, 198.51.100.${i % 200}`)));
  const counts: Record<string, number> = {};
  for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe("security hardening (production build)", () => {
  const env = {
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue("security"),
    LEADSYNC_PASSWORD: PASSWORD,
    LEADSYNC_SESSION_SECRET: SECRET,
    LEADSYNC_LOGIN_ATTEMPTS_PER_CLIENT: String(PER_CLIENT),
    LEADSYNC_LOGIN_ATTEMPTS_GLOBAL: String(GLOBAL),
  };
  let leadId: number;
  const h = useSyncHarness({
    seed: async (prisma) => {
      leadId = (await prisma.lead.create({ data: { name: "Radia Perlman", email: "radia@spanning.example" } })).id;
    },
    fake: false,
    web: { attio: false, env },
    browser: true,
  });
  // Behind one trusted reverse proxy: every rotated X-Forwarded-For is then another client.
  let proxied: WebServer;
  beforeAll(async () => {
    proxied = await startWebServer({
      DATABASE_URL: h.db.url,
      TEMPORAL_ADDRESS: inject("temporalAddress"),
      ...env,
      LEADSYNC_TRUSTED_PROXY_HOPS: "1",
    });
  });
  afterAll(() => proxied?.stop());

  it("compares at most the per-client number of passwords for 1,000 parallel guesses with rotating X-Forwarded-For", async () => {
    const counts = await parallelGuesses(h.web.url, 1000);
    console.log(`1,000 parallel guesses, one client: ${JSON.stringify(counts)} (limit ${PER_CLIENT})`);
    expect(counts.evaluated ?? 0).toBeGreaterThan(0);
    expect(counts.evaluated ?? 0).toBeLessThanOrEqual(PER_CLIENT);
    expect((counts.evaluated ?? 0) + (counts.throttled ?? 0)).toBe(1000);
  });

  it("behind a trusted proxy, compares at most the global number of passwords for 1,000 guesses from distinct addresses", async () => {
    const counts = await parallelGuesses(proxied.url, 1000);
    console.log(`1,000 parallel guesses, distinct trusted addresses: ${JSON.stringify(counts)} (global limit ${GLOBAL})`);
    expect(counts.evaluated ?? 0).toBeGreaterThan(PER_CLIENT);
    expect(counts.evaluated ?? 0).toBeLessThanOrEqual(GLOBAL);
    expect((counts.evaluated ?? 0) + (counts.throttled ?? 0)).toBe(1000);
  });

  it("never redirects a sign-in to another site, whatever `next` says", async () => {
    // A fresh server's budget is spent by the tests above; the proxied one trusts the header, so use a new address.
    const res = await fetch(`${proxied.url}/login/session`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "192.0.2.77" },
      body: new URLSearchParams({ password: PASSWORD, next: "/\t/evil.example" }),
    });
    // Throttled or not, the location stays on this site.
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(new URL(location, "http://app.invalid").origin).toBe("http://app.invalid");
    expect(location).not.toContain("evil.example");
  });

  it("answers /login?error=__proto__ with the sign-in page, not a server error", async () => {
    const res = await fetch(`${h.web.url}/login?error=__proto__`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Sign in");
  });

  it("sends security headers on pages, routes and the proxy's redirects", async () => {
    for (const path of ["/login", `/leads/${leadId}`, "/api/leads/1/sync"]) {
      const res = await fetch(`${h.web.url}${path}`, { redirect: "manual" });
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'self'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("same-origin");
    }
  });

  it("answers /api/session with 204 for a valid session and 401 without (for a reverse proxy's auth_request)", async () => {
    const cookie = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    expect((await fetch(`${h.web.url}/api/session`, { headers: { cookie } })).status).toBe(204);
    expect((await fetch(`${h.web.url}/api/session`)).status).toBe(401);
  });

  it("serves /icon.svg without a sign-in (the sign-in page shows it)", async () => {
    const res = await fetch(`${h.web.url}/icon.svg`, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
  });

  it("parses lead ids strictly: out-of-range and non-decimal ids are 'not found' or 'invalid', never a server error", async () => {
    const cookie = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    for (const id of ["3000000000", "1e3", "0x10", "%207%20", "-1", "007"]) {
      const route = await fetch(`${h.web.url}/api/leads/${id}/sync`, { headers: { cookie } });
      expect(route.status, `route ${id}`).toBe(400);
      const page = await fetch(`${h.web.url}/leads/${id}`, { headers: { cookie } });
      expect(page.status, `page ${id}`).toBe(404);
    }
    for (const cursor of ["after=3000000000", "before=3000000000", "after=1e3"]) {
      const list = await fetch(`${h.web.url}/leads?${cursor}`, { headers: { cookie } });
      expect(list.status, cursor).toBe(200);
    }
  });

  it("stops reading a chunked codec body past the size limit", async () => {
    const cookie = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    // Valid JSON of 9 MB (the limit is 8 MB), streamed without Content-Length.
    const chunk = new TextEncoder().encode(`${JSON.stringify({ metadata: {}, data: "A".repeat(1 << 20) })},`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"payloads":['));
        if (sent < 9) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('{"data":""}]}'));
          controller.close();
        }
        sent++;
      },
    });
    const res = await fetch(`${h.web.url}/api/codec/decode`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("'Sign out' ends that session: its cookie no longer opens a page or a route", async () => {
    const cookie = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    const other = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    expect((await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${h.web.url}/login/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: h.web.url, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(out.status).toBe(303);
    expect((await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: { cookie } })).status).toBe(401);
    expect((await fetch(`${h.web.url}/leads`, { headers: { cookie }, redirect: "manual" })).status).toBe(307);
    // Only that session: another one stays signed in.
    expect((await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: { cookie: other } })).status).toBe(200);
  });

  it("shows sign-out on every page, and 'Sign out everywhere' ends every other session", async () => {
    const other = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    expect((await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: { cookie: other } })).status).toBe(200);

    const context = await h.browser.newContext();
    const [name, value] = other.split("=");
    await context.addCookies([{ name, value, url: h.web.url, httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    for (const path of ["/leads", `/leads/${leadId}`, "/leads/new", "/leads/import"]) {
      await page.goto(`${h.web.url}${path}`);
      expect(await page.getByRole("button", { name: "Sign out", exact: true }).count(), `${path} (at ${page.url()})`).toBe(1);
    }
    // A second browser's session, signed before the click.
    const second = `${SESSION_COOKIE}=${await createSessionToken({ password: PASSWORD, secret: SECRET })}`;
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL(`${h.web.url}/login`);
    expect((await fetch(`${h.web.url}/api/leads/${leadId}/sync`, { headers: { cookie: second } })).status).toBe(401);
    expect((await fetch(`${h.web.url}/leads`, { headers: { cookie: second }, redirect: "manual" })).status).toBe(307);
    await context.close();
  });
});
