/**
 * Fake Attio REST API v2 server (node:http, no framework): HTTP plumbing, routing, auth and scopes,
 * per-token rate limiting, fault injection, the request log and stats, and the `/__fake/*`
 * control endpoints. Data semantics live in store.ts / values.ts / filter.ts.
 *
 * Processing order of a /v2 request (chosen; Attio's own order is not documented):
 *   log + early-retry detection -> latency -> injected faults (burst 429, timeout, error)
 *   -> auth (401) -> route (404) -> scopes (403) -> rate limit (429) -> JSON body (400)
 *   -> handler -> optional "fail after processing" 503.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AttioError, validationError } from "./errors";
import { ATTIO_RATE_LIMIT, RateLimiter, type RateLimitConfig } from "./rate-limit";
import { classifyRequest, matchRoute } from "./routes";
import type { Crm } from "./crm";
import { mergeRecords } from "./merge";
import { buildSchema, type ObjectSlug } from "./schema";
import { Store } from "./store";
import { isPlainObject, makeRng, uuid } from "./util";
import type { Actor } from "./values";

export const FAKE_ATTIO_DEFAULT_TOKEN = "fake-attio-token";
export const FAKE_ATTIO_SCOPELESS_TOKEN = "fake-attio-scopeless-token";
/** The scopes of records and notes (docs/attio-api.md section 6): a token without the CRM scopes. */
export const FAKE_ATTIO_RECORDS_SCOPES = ["record_permission:read-write", "object_configuration:read", "note:read-write"];
export const FAKE_ATTIO_RECORDS_ONLY_TOKEN = "fake-attio-records-only-token";
/** Every scope this project uses (records, notes, lists, attributes, members), given to the default token. */
export const FAKE_ATTIO_FULL_SCOPES = [
  "record_permission:read-write",
  "object_configuration:read-write",
  "note:read-write",
  "list_entry:read-write",
  "list_configuration:read",
  "user_management:read",
];

export interface FakeAttioOptions {
  host?: string;
  port?: number;
  /** Replaces the default two tokens when given. */
  tokens?: Record<string, { scopes: string[] }>;
  latencyMs?: number;
  rateLimit?: { writesPerSecond: number; readsPerSecond: number } | false;
  workspaceSlug?: string;
  autoCreateCompanyFromEmail?: boolean;
  /** Seed a pipeline list with stages and an owner attribute (fake-attio/crm.ts); default true. */
  seedCrm?: boolean;
}

export interface FaultConfig {
  errorRate?: number;
  errorStatus?: number;
  timeoutRate?: number;
  timeoutMs?: number;
  burst429?: number;
  failAfterProcessingRate?: number;
  appliesTo?: "reads" | "writes" | "all";
  /** Only requests whose "METHOD /v2/path" starts with one of these, e.g. "POST /v2/notes". */
  only?: string[];
  seed?: number;
}

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Final HTTP status; 0 when the socket was destroyed by an injected timeout. */
  status: number;
  kind: "read" | "write" | "control";
  retryAfter?: string;
  early?: boolean;
  /** Extra: true when the handler ran (the request changed/read state), false/absent otherwise. */
  processed?: boolean;
  /** Extra: which injected fault, if any, decided the answer. */
  fault?: "burst429" | "timeout" | "error" | "failAfterProcessing";
}

export interface FakeStats {
  /** Records/notes currently stored. */
  people: number;
  companies: number;
  notes: number;
  /** Every /v2 request received (including 401s, 429s and injected faults); control calls excluded. */
  requests: number;
  reads: number;
  writes: number;
  /** Answers with that status, whatever their cause (limiter, burst429, errorStatus, failAfterProcessing). */
  status429: number;
  status5xx: number;
  /** Requests held and dropped by `timeoutRate`. */
  timeouts: number;
  /** Requests identical (method+path+query+body) to one answered 429, arriving before its Retry-After. */
  earlyRetries: number;
  /** "Extra" records sharing a key with an earlier one (0 = no duplicates). */
  duplicates: {
    peopleByEmail: number;
    peopleByLinkedin: number;
    companiesByDomain: number;
    companiesByName: number;
    notesByContent: number;
  };
  /** Busiest sliding 1 s window over processed requests (all tokens together). */
  maxWritesInAnySecond: number;
  maxReadsInAnySecond: number;
}

export interface FakeAttio {
  baseUrl: string;
  origin: string;
  /** FAKE_ATTIO_DEFAULT_TOKEN, or the first configured token when `tokens` does not include it. */
  token: string;
  close(): Promise<void>;
  /** As freshly started: no records, notes, log, faults or counters; latency and rate limit back to the options. */
  reset(): void;
  setLatency(ms: number): void;
  setFaults(f: FaultConfig): void;
  setRateLimit(r: FakeAttioOptions["rateLimit"]): void;
  stats(): FakeStats;
  requests(): LoggedRequest[];
  listRecords(object: "people" | "companies"): unknown[];
  listNotes(): unknown[];
  deleteRecord(object: "people" | "companies", recordId: string): void;
  /** Merges two records as an Attio user would (fake-attio/merge.ts); returns the new record's id. */
  mergeRecords(object: "people" | "companies", primaryRecordId: string, secondaryRecordId: string): string;
  /** Extra: the fake workspace's ids (random per server, stable across reset()). */
  workspaceId: string;
  objectIds: Record<ObjectSlug, string>;
  /** Extra: members, lists, entries and custom attributes, and what a person does to them in Attio's UI. */
  crm: Crm;
}

interface TokenInfo {
  scopes: string[];
  actor: Actor;
  clientId: string;
  memberId: string;
}

const SCOPE_LABELS: Record<string, string> = {
  record_permission: "Records",
  object_configuration: "Object Configuration",
  note: "Notes",
  list_entry: "List Entries",
  list_configuration: "List Configuration",
  user_management: "User Management",
  task: "Tasks",
  comment: "Comments",
  meeting: "Meetings",
  call_recording: "Call Recordings",
  webhook: "Webhooks",
  file: "Files",
};

/** A `:read-write` scope satisfies the matching `:read` requirement (presumed, section 6). */
function hasScope(granted: string[], required: string): boolean {
  if (granted.includes(required)) return true;
  const [name, level] = required.split(":");
  return level === "read" && granted.includes(`${name}:read-write`);
}

/** Observed wording (section 7): "... This request requires scopes: Read-Write access to the Records scope." */
function scopeMessage(missing: string[]): string {
  const parts = missing.map((s) => {
    const [name, level] = s.split(":");
    return `${level === "read-write" ? "Read-Write" : "Read"} access to the ${SCOPE_LABELS[name] ?? name} scope`;
  });
  return `The API Key provided is not authorized to perform the requested action. This request requires scopes: ${parts.join(", ")}.`;
}

function nextWholeSecond(now: number): number {
  return Math.floor(now / 1000) * 1000 + 1000;
}

const RATE_LIMIT_BODY = {
  status_code: 429,
  type: "rate_limit_error",
  code: "rate_limit_exceeded",
  message: "Rate limit exceeded, please try again later",
};

class FakeAttioServer {
  readonly store: Store;
  readonly workspaceId = uuid();
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly limiter: RateLimiter;
  private readonly issuedAt = Math.floor(Date.now() / 1000);
  private latencyMs: number;
  private faults: FaultConfig = {};
  private burstLeft = 0;
  private rng: () => number = Math.random;
  private log: LoggedRequest[] = [];
  private counters = { requests: 0, reads: 0, writes: 0, status429: 0, status5xx: 0, timeouts: 0, earlyRetries: 0 };
  /** method+path+query+body of a request answered 429 -> its Retry-After instant (ms). */
  private retryAfterByKey = new Map<string, number>();
  private readonly heldTimers = new Set<NodeJS.Timeout>();
  /** Who control-endpoint edits (a test acting as an Attio user) are attributed to. */
  private readonly controlActor: Actor = { type: "api-token", id: uuid() };
  readonly http: http.Server;

  constructor(private readonly opts: FakeAttioOptions) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.limiter = new RateLimiter(opts.rateLimit === undefined ? ATTIO_RATE_LIMIT : opts.rateLimit);
    this.store = new Store(buildSchema(), {
      workspaceId: this.workspaceId,
      workspaceSlug: opts.workspaceSlug ?? "leadsync-fake",
      autoCreateCompanyFromEmail: opts.autoCreateCompanyFromEmail ?? false,
      seedCrm: opts.seedCrm,
    });
    const tokens = opts.tokens ?? {
      [FAKE_ATTIO_DEFAULT_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES },
      [FAKE_ATTIO_SCOPELESS_TOKEN]: { scopes: [] },
      [FAKE_ATTIO_RECORDS_ONLY_TOKEN]: { scopes: FAKE_ATTIO_RECORDS_SCOPES },
    };
    for (const [token, { scopes }] of Object.entries(tokens)) {
      this.tokens.set(token, { scopes: [...scopes], actor: { type: "api-token", id: uuid() }, clientId: uuid(), memberId: uuid() });
    }
    this.http = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err) => {
        // Last resort: a bug in the fake must not hang the client.
        console.error("[fake-attio] internal error", err);
        if (!res.headersSent) this.sendText(res, 500, "Internal Server Error");
        else res.destroy();
      });
    });
  }

  defaultToken(): string {
    return this.tokens.has(FAKE_ATTIO_DEFAULT_TOKEN) ? FAKE_ATTIO_DEFAULT_TOKEN : ([...this.tokens.keys()][0] ?? FAKE_ATTIO_DEFAULT_TOKEN);
  }

  // ---------------------------------------------------------------------------------------------
  // Control

  reset(): void {
    this.store.clear();
    this.log = [];
    this.setFaults({});
    for (const k of Object.keys(this.counters) as (keyof typeof this.counters)[]) this.counters[k] = 0;
    this.retryAfterByKey.clear();
    // "As freshly started": latency and rate limit also go back to the startup options.
    this.latencyMs = this.opts.latencyMs ?? 0;
    this.limiter.setConfig(this.opts.rateLimit === undefined ? ATTIO_RATE_LIMIT : this.opts.rateLimit);
    this.limiter.reset();
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setFaults(f: FaultConfig): void {
    this.faults = { ...f };
    this.burstLeft = Math.max(0, Math.floor(f.burst429 ?? 0));
    this.rng = makeRng(f.seed);
  }

  setRateLimit(r: RateLimitConfig | false | undefined): void {
    this.limiter.setConfig(r === undefined ? ATTIO_RATE_LIMIT : r);
    this.limiter.reset();
  }

  requests(): LoggedRequest[] {
    return this.log.map((e) => ({ ...e }));
  }

  stats(): FakeStats {
    const maxInSecond = (kind: "read" | "write") => {
      const times = this.log
        .filter((e) => e.kind === kind && e.processed)
        .map((e) => e.at)
        .sort((a, b) => a - b);
      let best = 0;
      for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j] - times[i] >= 1000) i++;
        best = Math.max(best, j - i + 1);
      }
      return best;
    };
    return {
      people: this.store.all("people").length,
      companies: this.store.all("companies").length,
      notes: this.store.allNotes().length,
      ...this.counters,
      duplicates: this.store.duplicates(),
      maxWritesInAnySecond: maxInSecond("write"),
      maxReadsInAnySecond: maxInSecond("read"),
    };
  }

  listRecords(object: ObjectSlug): unknown[] {
    return this.store
      .all(object)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => this.store.toApi(r));
  }

  listNotes(): unknown[] {
    return this.store.allNotes().map((n) => this.store.noteToApi(n));
  }

  deleteRecord(object: ObjectSlug, recordId: string): void {
    const obj = this.store.schema[object];
    if (this.store.all(object).some((r) => r.id === recordId)) this.store.delete(obj, recordId);
  }

  mergeRecords(object: ObjectSlug, primaryRecordId: string, secondaryRecordId: string): string {
    const merged = mergeRecords(this.store, this.store.schema[object], { primaryRecordId, secondaryRecordId }, this.controlActor);
    return merged.id;
  }

  async close(): Promise<void> {
    for (const t of this.heldTimers) clearTimeout(t);
    this.heldTimers.clear();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private async readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  private sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private sendText(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private finish(entry: LoggedRequest, status: number): void {
    entry.status = status;
    if (entry.kind === "control") return;
    if (status === 429) this.counters.status429++;
    if (status >= 500) this.counters.status5xx++;
  }

  private send429(res: ServerResponse, entry: LoggedRequest, key: string, retryAt: number): void {
    const retryAfter = new Date(retryAt).toUTCString(); // e.g. "Tue, 23 May 2023 14:42:01 GMT"
    entry.retryAfter = retryAfter;
    this.retryAfterByKey.set(key, retryAt);
    this.finish(entry, 429);
    this.sendJson(res, 429, RATE_LIMIT_BODY, { "retry-after": retryAfter });
  }

  /** Injected failure answer: 5xx as NON-JSON text (observed "Service Unavailable"), 429 as documented. */
  private sendInjected(res: ServerResponse, entry: LoggedRequest, key: string, status: number): void {
    if (status === 429) return this.send429(res, entry, key, nextWholeSecond(Date.now()));
    this.finish(entry, status);
    if (status >= 500) return this.sendText(res, status, http.STATUS_CODES[status] ?? "Server Error");
    this.sendJson(res, status, { status_code: status, type: "invalid_request_error", code: "injected_fault", message: "Injected fault." });
  }

  private faultApplies(kind: "read" | "write", route: string): boolean {
    const scope = this.faults.appliesTo ?? "all";
    const inScope = scope === "all" || (scope === "reads" && kind === "read") || (scope === "writes" && kind === "write");
    return inScope && (!this.faults.only || this.faults.only.some((prefix) => route.startsWith(prefix)));
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.rng() < rate;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://fake.local");
    const raw = await this.readBody(req);
    let parsedForLog: unknown;
    if (raw.length) {
      try {
        parsedForLog = JSON.parse(raw);
      } catch {
        parsedForLog = raw;
      }
    }
    const query = Object.fromEntries(url.searchParams);

    if (url.pathname.startsWith("/__fake/") || url.pathname === "/__fake") {
      const entry: LoggedRequest = { at, method, path: url.pathname, query, body: parsedForLog, status: 0, kind: "control" };
      this.handleControl(method, url.pathname, parsedForLog, res, entry);
      this.log.push(entry);
      return;
    }
    if (url.pathname !== "/v2" && !url.pathname.startsWith("/v2/")) {
      this.sendJson(res, 404, {
        status_code: 404,
        type: "invalid_request_error",
        code: "not_found",
        message: `Not an Attio API path: ${url.pathname} (the base URL ends with /v2).`,
      });
      return;
    }

    const kind = classifyRequest(method, url.pathname);
    const entry: LoggedRequest = { at, method, path: url.pathname, query, body: parsedForLog, status: 0, kind };
    this.log.push(entry);
    this.counters.requests++;
    this.counters[kind === "read" ? "reads" : "writes"]++;
    const key = `${method} ${url.pathname}${url.search}\n${raw}`;
    const retryAt = this.retryAfterByKey.get(key);
    if (retryAt !== undefined && at < retryAt) {
      entry.early = true;
      this.counters.earlyRetries++;
    }

    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    if (this.faultApplies(kind, `${method} ${url.pathname}`)) {
      if (this.burstLeft > 0) {
        this.burstLeft--;
        entry.fault = "burst429";
        return this.send429(res, entry, key, nextWholeSecond(Date.now()));
      }
      if (this.chance(this.faults.timeoutRate)) {
        entry.fault = "timeout";
        this.counters.timeouts++;
        const timer = setTimeout(() => {
          this.heldTimers.delete(timer);
          req.socket.destroy();
        }, this.faults.timeoutMs ?? 30_000);
        this.heldTimers.add(timer);
        req.socket.once("close", () => {
          clearTimeout(timer);
          this.heldTimers.delete(timer);
        });
        return;
      }
      if (this.chance(this.faults.errorRate)) {
        entry.fault = "error";
        return this.sendInjected(res, entry, key, this.faults.errorStatus ?? 503);
      }
    }

    const fail = (err: AttioError) => {
      this.finish(entry, err.status);
      this.sendJson(res, err.status, err.body());
    };

    // Auth: Bearer, or Basic with the token as username and an empty password (section 1).
    const header = req.headers.authorization;
    if (!header) {
      return fail(
        new AttioError(
          401,
          "auth_error",
          "unauthorized",
          "The Authorization header was not provided. Please provide an access token using the Bearer scheme.",
        ),
      );
    }
    let token: string | undefined;
    const [scheme, credentials] = header.trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) token = credentials;
    else if (/^basic$/i.test(scheme) && credentials) token = Buffer.from(credentials, "base64").toString("utf8").split(":")[0];
    const info = token ? this.tokens.get(token) : undefined;
    if (!token || !info) {
      // Shape for an invalid (vs missing) token is assumed identical (section 7, unverified).
      return fail(new AttioError(401, "auth_error", "unauthorized", "The access token provided is invalid or has been revoked."));
    }

    const route = matchRoute(method, url.pathname);
    if (!route) {
      return fail(new AttioError(404, "invalid_request_error", "not_found", `No endpoint matches ${method} ${url.pathname}.`));
    }
    const missing = route.scopes.filter((s) => !hasScope(info.scopes, s));
    if (missing.length) return fail(new AttioError(403, "auth_error", "unauthorized", scopeMessage(missing)));

    const limit = this.limiter.tryAcquire(token, kind, Date.now());
    if (!limit.ok) return this.send429(res, entry, key, limit.retryAt);

    let body: unknown;
    if (raw.trim().length) {
      try {
        body = JSON.parse(raw);
      } catch {
        // Code unverified for Attio; validation_type is its generic "bad payload" code.
        return fail(validationError("The request body is not valid JSON."));
      }
    }

    const failAfter = this.faultApplies(kind, `${method} ${url.pathname}`) && this.chance(this.faults.failAfterProcessingRate);
    entry.processed = true;
    let status: number;
    let payload: unknown;
    try {
      ({ status, body: payload } = route.handle({
        store: this.store,
        actor: info.actor,
        query: url.searchParams,
        body,
        self: () => this.self(info),
      }));
    } catch (err) {
      if (!(err instanceof AttioError)) throw err;
      status = err.status;
      payload = err.body();
    }
    if (failAfter) {
      // The work is done (and kept); only the answer is lost. A retry must not duplicate it.
      entry.fault = "failAfterProcessing";
      this.finish(entry, 503);
      return this.sendText(res, 503, "Service Unavailable");
    }
    this.finish(entry, status);
    this.sendJson(res, status, payload);
  }

  /** `GET /v2/self` (section 6): fields at the top level, `scope` from the token's configuration. */
  private self(info: TokenInfo): Record<string, unknown> {
    return {
      active: true,
      scope: info.scopes.join(" "),
      client_id: info.clientId,
      token_type: "Bearer",
      exp: null,
      iat: this.issuedAt,
      sub: this.workspaceId,
      aud: info.clientId,
      iss: "attio.com",
      authorized_by_workspace_member_id: info.memberId,
      workspace_id: this.workspaceId,
      workspace_name: "LeadSync Fake Workspace",
      workspace_slug: this.opts.workspaceSlug ?? "leadsync-fake",
      workspace_logo_url: null,
    };
  }

  private handleControl(method: string, path: string, body: unknown, res: ServerResponse, entry: LoggedRequest): void {
    const reply = (status: number, payload: unknown) => {
      this.finish(entry, status);
      this.sendJson(res, status, payload);
    };
    const bad = (message: string) => reply(400, { error: message });
    const seg = path.split("/").filter(Boolean).slice(1); // drop "__fake"
    const route = `${method} ${seg[0] ?? ""}`;
    switch (route) {
      case "GET stats":
        return reply(200, this.stats());
      case "GET requests":
        return reply(200, this.requests());
      case "POST reset":
        this.reset();
        return reply(200, {});
      case "POST faults":
        if (body !== undefined && !isPlainObject(body)) return bad("Expected a JSON FaultConfig object.");
        this.setFaults((body ?? {}) as FaultConfig);
        return reply(200, { faults: this.faults });
      case "POST latency": {
        const ms = isPlainObject(body) ? body.ms : undefined;
        if (typeof ms !== "number" || ms < 0) return bad('Expected {"ms": <non-negative number>}.');
        this.setLatency(ms);
        return reply(200, { ms });
      }
      case "POST rate-limit": {
        // false/null disables; {} or absent restores Attio's default; otherwise {writesPerSecond, readsPerSecond}.
        if (body === false || body === null) this.setRateLimit(false);
        else if (body === undefined || (isPlainObject(body) && Object.keys(body).length === 0)) this.setRateLimit(undefined);
        else if (isPlainObject(body) && typeof body.writesPerSecond === "number" && typeof body.readsPerSecond === "number") {
          this.setRateLimit({ writesPerSecond: body.writesPerSecond, readsPerSecond: body.readsPerSecond });
        } else return bad('Expected false or {"writesPerSecond": n, "readsPerSecond": n}.');
        return reply(200, {});
      }
      case "GET records":
        if (seg[1] !== "people" && seg[1] !== "companies") return reply(404, { error: "Unknown object." });
        return reply(200, this.listRecords(seg[1]));
      case "DELETE records":
        if ((seg[1] !== "people" && seg[1] !== "companies") || !seg[2]) return reply(404, { error: "Use /__fake/records/<object>/<id>." });
        this.deleteRecord(seg[1], seg[2]);
        return reply(200, {});
      case "GET notes":
        return reply(200, this.listNotes());
      default:
        return reply(404, { error: `Unknown control endpoint ${method} ${path}.` });
    }
  }
}

export async function startFakeAttio(opts: FakeAttioOptions = {}): Promise<FakeAttio> {
  const server = new FakeAttioServer(opts);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.http.once("error", reject);
    server.http.listen(opts.port ?? 0, host, () => {
      server.http.off("error", reject);
      resolve();
    });
  });
  const { port } = server.http.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;
  return {
    baseUrl: `${origin}/v2`,
    origin,
    token: server.defaultToken(),
    workspaceId: server.workspaceId,
    objectIds: { people: server.store.schema.people.id, companies: server.store.schema.companies.id },
    close: () => server.close(),
    reset: () => server.reset(),
    setLatency: (ms) => server.setLatency(ms),
    setFaults: (f) => server.setFaults(f),
    setRateLimit: (r) => server.setRateLimit(r),
    stats: () => server.stats(),
    requests: () => server.requests(),
    listRecords: (object) => server.listRecords(object),
    listNotes: () => server.listNotes(),
    deleteRecord: (object, id) => server.deleteRecord(object, id),
    crm: server.store.crm,
    mergeRecords: (object, primaryId, secondaryId) => server.mergeRecords(object, primaryId, secondaryId),
  };
}
