// Security regressions that need no server (issue 12): redirects after sign-in, strict lead ids,
// configuration that refuses unsafe deployments, the sign-in throttle, session epochs, the Attio
// transport (https only, no redirects) and where `npm run dev` listens.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { safeNextPath, createSessionToken, verifySessionToken } from "../../web/src/lib/auth/session";
import { parseLeadId } from "../../web/src/lib/leads/lead-id";
import { cursorFromSearchParams } from "../../web/src/lib/leads/queries";
import { assertWebConfig, ConfigError, loadConfig } from "../../web/src/lib/config";
import { attemptDelayMs, clientAddress, createLoginThrottle } from "../../web/src/lib/auth/throttle";
import { PEER_ADDRESS_HEADER } from "../../web/src/lib/auth/peer-address";
import { attioRequest } from "../../web/src/lib/attio/http";
import { devListen } from "../../scripts/lib/dev-listen";

const KEY = Buffer.alloc(32, 7).toString("base64");

function configProblems(env: Record<string, string>): string[] {
  try {
    assertWebConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("safeNextPath: only paths on this site", () => {
  const refused = [
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "/login",
    "/login/session",
    "/login?next=/leads",
    "",
    "leads",
    `/${"a".repeat(2001)}`,
  ];
  for (const next of refused) {
    it(`refuses ${JSON.stringify(next.slice(0, 40))}`, () => {
      expect(safeNextPath(next)).toBe("/leads");
    });
  }
  const kept: [string, string][] = [
    ["/leads", "/leads"],
    ["/leads/42", "/leads/42"],
    ["/leads?q=ada&after=3#top", "/leads?q=ada&after=3#top"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/leads/../leads/7", "/leads/7"],
  ];
  for (const [next, expected] of kept) {
    it(`keeps ${JSON.stringify(next)} as ${JSON.stringify(expected)}`, () => {
      expect(safeNextPath(next)).toBe(expected);
    });
  }
});

describe("lead ids are parsed strictly", () => {
  it.each(["1e3", "0x10", " 7 ", "7 ", "+7", "-1", "0", "007", "1.0", "3000000000", "2147483648", "", "abc", "Infinity"])(
    "refuses %j",
    (v) => {
      expect(parseLeadId(v)).toBeNull();
    },
  );
  it.each([1.5, 0, -3, 3_000_000_000, Number.NaN, Number.POSITIVE_INFINITY])("refuses the number %d", (v) => {
    expect(parseLeadId(v)).toBeNull();
  });
  it("accepts plain decimal ids up to the Int column's maximum", () => {
    expect(parseLeadId("7")).toBe(7);
    expect(parseLeadId("2147483647")).toBe(2147483647);
    expect(parseLeadId(42)).toBe(42);
  });
  it("turns an out-of-range list cursor into the first page", () => {
    expect(cursorFromSearchParams({ after: "3000000000" })).toEqual({ kind: "first" });
    expect(cursorFromSearchParams({ before: "1e3" })).toEqual({ kind: "first" });
    expect(cursorFromSearchParams({ after: "12" })).toEqual({ kind: "after", id: 12 });
  });
});

describe("configuration refuses unsafe deployments", () => {
  it("refuses LEADSYNC_PAYLOAD_KEY or LEADSYNC_CODEC_TOKEN without a password (the codec endpoint would decrypt for anyone)", () => {
    const problems = configProblems({ LEADSYNC_PAYLOAD_KEY: KEY, LEADSYNC_CODEC_TOKEN: "t".repeat(32) });
    expect(problems.map((p) => p.split(" ")[0]).sort()).toEqual(["LEADSYNC_CODEC_TOKEN", "LEADSYNC_PAYLOAD_KEY"]);
    expect(problems[0]).toMatch(/needs LEADSYNC_PASSWORD/);
    const withPassword = { LEADSYNC_PASSWORD: "a long password", LEADSYNC_SESSION_SECRET: "s".repeat(40) };
    expect(configProblems({ ...withPassword, LEADSYNC_PAYLOAD_KEY: KEY, LEADSYNC_CODEC_TOKEN: "t".repeat(32) })).toEqual([]);
  });

  it("accepts ATTIO_BASE_URL over https, or plain http to this machine only", () => {
    for (const ok of ["https://api.attio.com/v2", "http://127.0.0.1:4010/v2", "http://localhost:4010/v2", "http://[::1]:4010/v2"]) {
      expect(configProblems({ ATTIO_BASE_URL: ok }), ok).toEqual([]);
    }
    for (const bad of ["http://api.attio.com/v2", "http://10.0.0.5/v2", "http://127.0.0.1.evil.example/v2", "ftp://api.attio.com"]) {
      expect(configProblems({ ATTIO_BASE_URL: bad })[0], bad).toMatch(/^ATTIO_BASE_URL must be an https URL/);
    }
  });

  it("validates the throttle's settings and reads them into `auth`", () => {
    expect(configProblems({ LEADSYNC_TRUSTED_PROXY_HOPS: "-1", LEADSYNC_LOGIN_ATTEMPTS_PER_CLIENT: "0" }).length).toBe(2);
    expect(
      loadConfig({ LEADSYNC_TRUSTED_PROXY_HOPS: "2", LEADSYNC_LOGIN_ATTEMPTS_PER_CLIENT: "4", LEADSYNC_LOGIN_ATTEMPTS_GLOBAL: "9" }).auth,
    ).toMatchObject({ trustedProxyHops: 2, attemptsPerClient: 4, attemptsGlobal: 9 });
    expect(loadConfig({}).auth).toMatchObject({ trustedProxyHops: 0, attemptsPerClient: 10, attemptsGlobal: 100 });
  });
});

describe("sign-in throttle", () => {
  const headers = (peer: string, xff?: string) => new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });

  it("keys on the TCP peer, or on the entry the outermost trusted proxy added, never on what the client wrote", () => {
    expect(clientAddress(headers("10.0.0.9", "1.2.3.4"), 0)).toBe("10.0.0.9");
    expect(clientAddress(headers("10.0.0.9", "forged, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientAddress(headers("10.0.0.9", "forged, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }), 0)).toBe("unknown");
  });

  it("counts parallel attempts before any is answered: at most the per-client number go through, then the global one", async () => {
    const throttle = createLoginThrottle({ trustedProxyHops: 0, attemptsPerClient: 3, attemptsGlobal: 7, windowMs: 60_000 });
    const one = await Promise.all(Array.from({ length: 100 }, () => throttle.attempt("203.0.113.1")));
    expect(one.filter((d) => d.allowed).length).toBe(3);
    const many = await Promise.all(Array.from({ length: 100 }, (_, i) => throttle.attempt(`198.51.100.${i}`)));
    expect(many.filter((d) => d.allowed).length).toBe(4);
  });

  it("makes each further attempt of a client wait longer, up to a cap", async () => {
    const throttle = createLoginThrottle({ trustedProxyHops: 0, attemptsPerClient: 10, attemptsGlobal: 100, windowMs: 60_000 });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const d = await throttle.attempt("192.0.2.1");
      if (d.allowed) delays.push(d.delayMs);
    }
    expect(delays[0]).toBe(0);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
    expect(delays[2]).toBeGreaterThan(delays[1]);
    expect(Math.max(...delays)).toBe(attemptDelayMs(100));
    await throttle.succeeded("192.0.2.1");
    expect(await throttle.attempt("192.0.2.1")).toEqual({ allowed: true, delayMs: 0 });
  });
});

describe("session epoch", () => {
  it("refuses a session signed in an earlier epoch ('Sign out everywhere')", async () => {
    const settings = { password: "a long password", secret: "s".repeat(40) };
    const before = await createSessionToken({ ...settings, epoch: 0 });
    expect(await verifySessionToken(before, { ...settings, epoch: 0 })).toBe(true);
    expect(await verifySessionToken(before, { ...settings, epoch: 1 })).toBe(false);
    expect(await verifySessionToken(await createSessionToken({ ...settings, epoch: 1 }), { ...settings, epoch: 1 })).toBe(true);
  });
});

describe("Attio transport", () => {
  let target: http.Server;
  let redirector: http.Server;
  const seenByTarget: (string | undefined)[] = [];
  const url = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  beforeAll(async () => {
    target = http.createServer((req, res) => {
      seenByTarget.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    redirector = http.createServer((_req, res) => res.writeHead(302, { location: `${url(target)}/v2/self` }).end());
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
  });
  afterAll(() => {
    target?.close();
    redirector?.close();
  });

  it("does not follow a redirect, so the bearer token goes nowhere else", async () => {
    const cfg = { apiKey: "attio-secret-key-0123456789", baseUrl: `${url(redirector)}/v2`, timeoutMs: 5_000, fetch };
    await expect(attioRequest(cfg, { method: "GET", path: "/self", schema: z.object({}) })).rejects.toMatchObject({
      code: "network_error",
    });
    expect(seenByTarget).toEqual([]);
  });

  it("refuses a plain-http base URL to another machine before sending anything", async () => {
    let called = false;
    const cfg = {
      apiKey: "attio-secret-key-0123456789",
      baseUrl: "http://api.attio.example/v2",
      timeoutMs: 5_000,
      fetch: (async () => {
        called = true;
        return new Response("{}");
      }) as typeof fetch,
    };
    await expect(attioRequest(cfg, { method: "GET", path: "/self", schema: z.object({}) })).rejects.toMatchObject({
      code: "invalid_configuration",
      retryable: false,
    });
    expect(called).toBe(false);
  });
});

describe("npm run dev listens on loopback unless asked", () => {
  it("binds the Next.js dev server and the Temporal UI to 127.0.0.1 by default, every interface with --listen-all", () => {
    const local = devListen(["node", "dev.ts"], { signInOn: false });
    expect(local.nextArgs(3000)).toEqual(["next", "dev", "web", "--port", "3000", "--hostname", "127.0.0.1"]);
    expect(local.temporalArgs).toEqual(["--ip", "127.0.0.1", "--ui-ip", "127.0.0.1"]);
    const all = devListen(["node", "dev.ts", "--listen-all"], { signInOn: true });
    expect(all.nextArgs(3000)).toContain("0.0.0.0");
    expect(all.temporalArgs).toEqual(["--ip", "127.0.0.1", "--ui-ip", "0.0.0.0"]);
  });

  it("refuses --listen-all while sign-in is off, saying the Temporal UI has no sign-in of its own", () => {
    expect(() => devListen(["node", "dev.ts", "--listen-all"], { signInOn: false })).toThrow(
      /LEADSYNC_PASSWORD.*Temporal UI has no sign-in/s,
    );
  });
});
