/**
 * The shared target of the Attio client contract suites (attio-client-*.contract.test.ts): the fake
 * Attio always, real Attio when ATTIO_LIVE_TESTS=1 and ATTIO_API_KEY are set. Behaviour is checked
 * through the public API wherever possible (so the same assertions hold on both targets); the fake's
 * request log and fault switches are used only for what cannot be observed otherwise.
 *
 * Every request the client sends and every response it receives is captured through the client's
 * `fetch` option and checked against Attio's OpenAPI document after each test; records created on a
 * live workspace are deleted afterwards.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { createAttioClient, type AttioClient, type AttioClientOptions } from "../../web/src/lib/attio/client";
import { startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";

export const LIVE_ENABLED = process.env.ATTIO_LIVE_TESTS === "1" && !!process.env.ATTIO_API_KEY?.trim();
if (!LIVE_ENABLED) {
  console.info("[attio contract] live run skipped: set ATTIO_LIVE_TESTS=1 and ATTIO_API_KEY to also run this suite against real Attio.");
}

// ------------------------------------------------------------------------------------------------
// Targets

export interface TargetEnv {
  baseUrl: string;
  token: string;
  /** Null on the live target. */
  fake: FakeAttio | null;
  stop(): Promise<void>;
}

export interface Target {
  name: "fake" | "live";
  enabled: boolean;
  start(): Promise<TargetEnv>;
}

export const targets: Target[] = [
  {
    name: "fake",
    enabled: true,
    async start() {
      const fake = await startFakeAttio();
      return { baseUrl: fake.baseUrl, token: fake.token, fake, stop: () => fake.close() };
    },
  },
  {
    name: "live",
    enabled: LIVE_ENABLED,
    async start() {
      return {
        baseUrl: process.env.ATTIO_BASE_URL?.trim() || "https://api.attio.com/v2",
        token: process.env.ATTIO_API_KEY!.trim(),
        fake: null,
        stop: async () => {},
      };
    },
  },
];

// ------------------------------------------------------------------------------------------------
// Traffic capture and OpenAPI conformance

export interface Exchange {
  method: string;
  /** URL path including the `/v2` prefix, as in the OpenAPI document. */
  path: string;
  /** Path and query string, for parameter validation. */
  pathAndQuery: string;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  responseText: string;
  retryAfter: string | null;
}

export function capturingFetch(sink: Exchange[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    sink.push({
      method: (init?.method ?? "GET").toUpperCase(),
      path: url.pathname,
      pathAndQuery: `${url.pathname}${url.search}`,
      requestBody: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      status: res.status,
      responseBody: parseJson(text),
      responseText: text,
      retryAfter: res.headers.get("retry-after"),
    });
    return res;
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Fresh identifiers per run so live runs never collide with earlier data or with each other. */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let seq = 0;
export function uniq(label: string): string {
  seq += 1;
  return `${label}-${RUN}-${seq}`;
}
export function uniqDomain(label = "acme"): string {
  return `leadsync-${uniq(label)}.com`;
}

// ------------------------------------------------------------------------------------------------

/** Sets up one target for a describe block: its client, capture, conformance check and cleanup. */
export function useClientContract(target: Target) {
  const onFake = target.name === "fake";
  let env: TargetEnv;
  let validator: ReturnType<typeof createOpenApiValidator>;
  const exchanges: Exchange[] = [];
  let checked = 0;
  /** Records this suite created on a live workspace, deleted afterwards. */
  const created: { object: "people" | "companies"; id: string }[] = [];
  const domainsUsed: string[] = [];

  /** A client whose traffic is captured and schema-checked. */
  function client(overrides: AttioClientOptions = {}): AttioClient {
    return createAttioClient({ apiKey: env.token, baseUrl: env.baseUrl, fetch: capturingFetch(exchanges), ...overrides });
  }

  function track<T extends { id: string }>(object: "people" | "companies", ref: T): T {
    created.push({ object, id: ref.id });
    return ref;
  }

  /** Direct API access for assertions, outside the client under test and outside capture. */
  async function api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${env.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${env.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: parseJson(await res.text()) as T };
  }
  async function getRecord(object: "people" | "companies", id: string): Promise<any> {
    const r = await api("GET", `/objects/${object}/records/${id}`);
    expect(r.status).toBe(200);
    return r.body.data;
  }
  async function query(object: "people" | "companies", filter: unknown): Promise<any[]> {
    const r = await api("POST", `/objects/${object}/records/query`, { filter, limit: 50 });
    expect(r.status).toBe(200);
    return r.body.data;
  }
  async function notesOf(personId: string): Promise<any[]> {
    const all: any[] = [];
    for (let offset = 0; ; offset += 50) {
      const r = await api("GET", `/notes?parent_object=people&parent_record_id=${personId}&limit=50&offset=${offset}`);
      expect(r.status).toBe(200);
      all.push(...r.body.data);
      if (r.body.data.length < 50) return all;
    }
  }
  const emails = (record: any): string[] => (record.values.email_addresses ?? []).map((v: any) => v.email_address);
  const domains = (record: any): string[] => (record.values.domains ?? []).map((v: any) => v.domain);
  const text = (record: any, slug: string): string | null => record.values[slug]?.[0]?.value ?? null;
  const companyOf = (record: any): string | null => record.values.company?.[0]?.target_record_id ?? null;

  /** Requests the fake logged since `from` (fake target only). */
  function fakeRequestsSince(from: number) {
    return env.fake!.requests().slice(from);
  }

  async function rejection(p: Promise<unknown>): Promise<unknown> {
    try {
      await p;
    } catch (err) {
      return err;
    }
    throw new Error("expected the call to reject");
  }

  beforeAll(async () => {
    env = await target.start();
    validator = createOpenApiValidator();
    // The suite sends writes back to back; Attio's 25 writes/s budget is exercised by its own test.
    env.fake?.setRateLimit(false);
  });

  /** Deletes a record behind the client's back, as a user would in Attio's UI. */
  async function deleteBehindClientsBack(object: "people" | "companies", id: string): Promise<void> {
    if (env.fake) env.fake.deleteRecord(object, id);
    else expect((await api("DELETE", `/objects/${object}/records/${id}`)).status).toBe(200);
  }

  beforeEach(() => {
    checked = exchanges.length;
  });

  // Conformance is checked per test, so a violation fails the test whose traffic caused it.
  afterEach(async () => {
    if (env?.fake) {
      env.fake.setFaults({});
      env.fake.setRateLimit(false);
      env.fake.setLatency(0);
    }
    const violations: string[] = [];
    for (const x of exchanges.slice(checked)) {
      for (const e of validator.validateRequest(x.method, x.pathAndQuery, x.requestBody)) violations.push(`request: ${e}`);
      if (x.status < 300) {
        for (const e of validator.validateResponse(x.method, x.path, x.status, x.responseBody)) violations.push(`response: ${e}`);
      } else if (x.responseBody !== undefined) {
        // Attio documents one error code per status and operation but returns others; the
        // shared envelope is what the client relies on. Non-JSON 5xx bodies have no schema.
        for (const e of validateErrorEnvelope(x.status, x.responseBody)) violations.push(`error ${x.method} ${x.path}: ${e}`);
      }
    }
    checked = exchanges.length;
    expect(violations).toEqual([]);
  });

  afterAll(async () => {
    // The per-test check validates as it goes; a suite that captured nothing checked nothing.
    if (env) expect(exchanges.length).toBeGreaterThan(0);
    if (target.name === "live" && env) {
      // Best effort: people first (their notes go with them), then companies, including ones
      // Attio auto-created from the test emails' domains.
      for (const r of created.filter((c) => c.object === "people")) await api("DELETE", `/objects/people/records/${r.id}`);
      for (const d of domainsUsed) {
        for (const c of await query("companies", { domains: d }).catch(() => [])) {
          created.push({ object: "companies", id: c.id.record_id });
        }
      }
      for (const r of created.filter((c) => c.object === "companies")) await api("DELETE", `/objects/companies/records/${r.id}`);
    }
    await env?.stop();
  });

  return {
    get env() {
      return env;
    },
    /** Exchanges checked so far: a test that must send nothing compares against it. */
    get checked() {
      return checked;
    },
    onFake,
    exchanges,
    domainsUsed,
    client,
    track,
    api,
    getRecord,
    query,
    notesOf,
    emails,
    domains,
    text,
    companyOf,
    fakeRequestsSince,
    rejection,
    deleteBehindClientsBack,
  };
}
