/**
 * Fake Attio REST API v2 server (node:http, no framework): HTTP plumbing, routing, per-token rate
 * limiting, the request log and stats. Auth and scopes live in auth.ts, fault injection in
 * faults.ts, the `/__fake/*` endpoints in control.ts, data semantics in store.ts / values.ts / filter.ts,
 * webhooks (events of every write, deliveries, the fake clock) in webhook-side.ts.
 *
 * Processing order of a /v2 request (chosen; Attio's own order is not documented):
 *   log + early-retry detection -> latency -> injected faults (burst 429, timeout, error)
 *   -> auth (401) -> route (404) -> scopes (403) -> rate limit (429) -> JSON body (400)
 *   -> handler -> optional "fail after processing" 503.
 * Over 300 lines: that path, with the log and counters it updates, reads top to bottom in one class.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, missingScopes, selfBody, type TokenInfo } from "./auth";
import { controlAnswer } from "./control";
import type { MergeDone } from "./events";
import { WebhookSide } from "./webhook-side";
import { AttioError, validationError } from "./errors";
import { FaultPlan } from "./faults";
import { ATTIO_RATE_LIMIT, RateLimiter, type RateLimitConfig } from "./rate-limit";
import { mergeRecords } from "./merge";
import { classifyRequest, matchRoute } from "./routes";
import { buildSchema, type ObjectSlug } from "./schema";
import { Store } from "./store";
import {
  FAKE_ATTIO_DEFAULT_TOKEN,
  FAKE_ATTIO_FULL_SCOPES,
  FAKE_ATTIO_MEMBER_EMAIL,
  FAKE_ATTIO_MEMBER_HEADER,
  FAKE_ATTIO_MEMBER_TOKEN,
  FAKE_ATTIO_RECORDS_ONLY_TOKEN,
  FAKE_ATTIO_RECORDS_SCOPES,
  FAKE_ATTIO_SCOPELESS_TOKEN,
  type FakeAttio,
  type FakeAttioOptions,
  type FakeStats,
  type FaultConfig,
  type LoggedRequest,
} from "./types";
import { uuid } from "./util";
import type { Actor } from "./values";

// Importers start the fake from here; its types and token constants live in types.ts.
export * from "./types";

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
  private readonly faults = new FaultPlan();
  private log: LoggedRequest[] = [];
  private counters = { requests: 0, reads: 0, writes: 0, status429: 0, status5xx: 0, timeouts: 0, earlyRetries: 0 };
  /** method+path+query+body of a request answered 429 -> its Retry-After instant (ms). */
  private retryAfterByKey = new Map<string, number>();
  private readonly heldTimers = new Set<NodeJS.Timeout>();
  /** Webhook registrations, deliveries, the fake clock and echoes (webhook-side.ts). */
  readonly hooks: WebhookSide;
  readonly http: http.Server;

  constructor(private readonly opts: FakeAttioOptions) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.hooks = new WebhookSide(this.workspaceId, opts.allowHttpTargets ?? process.env.FAKE_ATTIO_ALLOW_HTTP_TARGETS === "1");
    this.limiter = new RateLimiter(opts.rateLimit === undefined ? ATTIO_RATE_LIMIT : opts.rateLimit);
    this.store = new Store(buildSchema(), {
      workspaceId: this.workspaceId,
      workspaceSlug: opts.workspaceSlug ?? "leadsync-fake",
      autoCreateCompanyFromEmail: opts.autoCreateCompanyFromEmail ?? false,
      seedCrm: opts.seedCrm,
      now: () => this.hooks.clock.now(),
    });
    this.hooks.attach(this.store);
    this.store.crm.userAction = (actor, change) => this.hooks.withEvents(actor, change);
    const tokens: Record<string, { scopes: string[]; actsAs?: string }> = opts.tokens ?? {
      [FAKE_ATTIO_DEFAULT_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES },
      [FAKE_ATTIO_SCOPELESS_TOKEN]: { scopes: [] },
      [FAKE_ATTIO_RECORDS_ONLY_TOKEN]: { scopes: FAKE_ATTIO_RECORDS_SCOPES },
      [FAKE_ATTIO_MEMBER_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES, actsAs: FAKE_ATTIO_MEMBER_EMAIL },
    };
    for (const [token, { scopes, actsAs }] of Object.entries(tokens)) {
      this.tokens.set(token, { scopes: [...scopes], actor: { type: "api-token", id: uuid() }, clientId: uuid(), memberId: uuid(), actsAs });
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
    this.hooks.reset();
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
    this.faults.set(f);
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
      notes: this.store.notes.all().length,
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
    return this.store.notes.all().map((n) => this.store.notes.toApi(n));
  }

  /** In-process edits are an Attio user's: the first seeded member (Ada) unless another is named. */
  memberActor(memberIdOrEmail?: string): Actor {
    const key = memberIdOrEmail?.trim().toLowerCase();
    const m = key === undefined ? this.store.crm.members[0] : this.store.crm.members.find((x) => x.id === key || x.email === key);
    if (!m)
      throw new AttioError(
        400,
        "invalid_request_error",
        "validation_type",
        `No workspace member "${memberIdOrEmail}" in the fake workspace.`,
      );
    return { type: "workspace-member", id: m.id };
  }

  deleteRecord(object: ObjectSlug, recordId: string, member?: string): void {
    const obj = this.store.schema[object];
    if (this.store.all(object).some((r) => r.id === recordId))
      this.hooks.withEvents(this.memberActor(member), () => this.store.delete(obj, recordId));
  }

  mergeRecords(object: ObjectSlug, primaryRecordId: string, secondaryRecordId: string, member?: string): string {
    const actor = this.memberActor(member);
    let merge: MergeDone | undefined;
    const merged = this.hooks.withEvents(
      actor,
      () => {
        const rec = mergeRecords(this.store, this.store.schema[object], { primaryRecordId, secondaryRecordId }, actor);
        merge = { object, newRecordId: rec.id, originals: [primaryRecordId, secondaryRecordId] };
        return rec;
      },
      () => merge,
    );
    return merged.id;
  }

  setMergeInProgressMs(ms: number): void {
    this.store.mergeInProgressMs = Math.max(0, ms);
  }

  /** Token actor ids (an `api-token` event's actor.id) and the members a test may act as. */
  actors(): { tokens: { token: string; actor: Actor; actsAs?: string }[]; members: { id: string; email: string }[] } {
    return {
      tokens: [...this.tokens].map(([token, info]) => ({ token, actor: info.actor, ...(info.actsAs ? { actsAs: info.actsAs } : {}) })),
      members: this.store.crm.members.map((m) => ({ id: m.id, email: m.email })),
    };
  }

  async close(): Promise<void> {
    this.hooks.close();
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
      const { status, payload } = await controlAnswer(this, method, url.pathname, parsedForLog);
      this.finish(entry, status);
      this.sendJson(res, status, payload);
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

    const fault = this.faults.beforeHandler(kind, `${method} ${url.pathname}`);
    if (fault) entry.fault = fault;
    if (fault === "burst429") return this.send429(res, entry, key, nextWholeSecond(Date.now()));
    if (fault === "timeout") {
      this.counters.timeouts++;
      const timer = setTimeout(() => {
        this.heldTimers.delete(timer);
        req.socket.destroy();
      }, this.faults.timeoutMs);
      this.heldTimers.add(timer);
      req.socket.once("close", () => {
        clearTimeout(timer);
        this.heldTimers.delete(timer);
      });
      return;
    }
    if (fault === "error") return this.sendInjected(res, entry, key, this.faults.errorStatus);

    const fail = (err: AttioError) => {
      this.finish(entry, err.status);
      this.sendJson(res, err.status, err.body());
    };

    const auth = authenticate(req.headers.authorization, this.tokens);
    if (auth instanceof AttioError) return fail(auth);
    const { token, info } = auth;
    let actor: Actor;
    try {
      const member = req.headers[FAKE_ATTIO_MEMBER_HEADER];
      actor = typeof member === "string" ? this.memberActor(member) : info.actsAs ? this.memberActor(info.actsAs) : info.actor;
    } catch (err) {
      if (err instanceof AttioError) return fail(err);
      throw err;
    }
    const route = matchRoute(method, url.pathname);
    if (!route) {
      return fail(new AttioError(404, "invalid_request_error", "not_found", `No endpoint matches ${method} ${url.pathname}.`));
    }
    const forbidden = missingScopes(info, route.scopes);
    if (forbidden) return fail(forbidden);

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

    const failAfter = this.faults.failAfterProcessing(kind, `${method} ${url.pathname}`);
    entry.processed = true;
    let status: number;
    let payload: unknown;
    try {
      let merge: MergeDone | undefined;
      const handle = () =>
        route.handle({
          store: this.store,
          webhooks: this.hooks.registry,
          actor,
          query: url.searchParams,
          body,
          self: () => selfBody(info, { id: this.workspaceId, slug: this.opts.workspaceSlug ?? "leadsync-fake", issuedAt: this.issuedAt }),
          merged: (m) => {
            merge = m;
          },
        });
      // Reads change nothing: no events to look for.
      ({ status, body: payload } = kind === "read" ? handle() : this.hooks.withEvents(actor, handle, () => merge));
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
    deleteRecord: (object, id, member) => server.deleteRecord(object, id, member),
    crm: server.store.crm,
    mergeRecords: (object, primaryId, secondaryId, member) => server.mergeRecords(object, primaryId, secondaryId, member),
    webhooks: { ...server.hooks.handle(), setMergeInProgressMs: (ms) => server.setMergeInProgressMs(ms) },
    actors: () => server.actors(),
  };
}
