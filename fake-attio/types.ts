/** The fake's public surface: start options, fault configuration, the request log, stats and the handle. */
import type { Crm } from "./crm";
import type { DeliveryAttempt, DeliverySettings } from "./deliveries";
import type { EchoSettings } from "./echoes";
import type { ObjectSlug } from "./schema";
import type { Actor } from "./values";
import type { WebhookStatus } from "./webhooks";

export const FAKE_ATTIO_DEFAULT_TOKEN = "fake-attio-token";
export const FAKE_ATTIO_SCOPELESS_TOKEN = "fake-attio-scopeless-token";
/** A token whose requests act as a workspace member (FAKE_ATTIO_MEMBER_EMAIL), as a person in Attio's UI would. */
export const FAKE_ATTIO_MEMBER_TOKEN = "fake-attio-member-token";
export const FAKE_ATTIO_MEMBER_EMAIL = "grace@leadsync.example";
/** Request header (fake only): act as the workspace member with this id or email, with any valid token. */
export const FAKE_ATTIO_MEMBER_HEADER = "x-fake-attio-member";
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
  "webhook:read-write",
];

export interface FakeAttioOptions {
  host?: string;
  port?: number;
  /** Replaces the default tokens when given; `actsAs` (a member email) makes it a member token. */
  tokens?: Record<string, { scopes: string[]; actsAs?: string }>;
  /**
   * Accept http:// webhook target URLs on 127.0.0.1 / localhost / [::1] (real Attio: https only).
   * Default: env FAKE_ATTIO_ALLOW_HTTP_TARGETS=1, else false.
   */
  allowHttpTargets?: boolean;
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
  /** Deletes as an Attio user would (default: the first seeded member; or a member id/email). */
  deleteRecord(object: "people" | "companies", recordId: string, member?: string): void;
  /** Merges two records as an Attio user would (fake-attio/merge.ts); returns the new record's id. */
  mergeRecords(object: "people" | "companies", primaryRecordId: string, secondaryRecordId: string, member?: string): string;
  /** Extra: the webhook side (docs/attio-fake-fidelity.md, "Webhooks"). */
  webhooks: {
    /** Every webhook in API form, with its `secret`. */
    list(): (Record<string, unknown> & { secret: string })[];
    setStatus(webhookId: string, status: WebhookStatus): void;
    deliveries(): DeliveryAttempt[];
    configure(patch: Partial<DeliverySettings>): DeliverySettings;
    release(order?: "fifo" | "reverse" | "shuffle"): number;
    setEchoes(patch: Partial<EchoSettings>): EchoSettings;
    /** > 0: merges answer 202 and the new record reads 404 merge_in_progress for that many ms of fake time. */
    setMergeInProgressMs(ms: number): void;
    /** Resolves once the deliveries and echoes due now have been attempted. */
    settle(): Promise<void>;
    /** Moves the fake clock forward and runs what fell due (retries, echoes, degraded -> inactive). */
    advance(ms: number): Promise<void>;
    now(): number;
  };
  /** Extra: each token's actor (events name `api-token` + this id) and the workspace members. */
  actors(): { tokens: { token: string; actor: Actor; actsAs?: string }[]; members: { id: string; email: string }[] };
  /** Extra: the fake workspace's ids (random per server, stable across reset()). */
  workspaceId: string;
  objectIds: Record<ObjectSlug, string>;
  /** Extra: members, lists, entries and custom attributes, and what a person does to them in Attio's UI. */
  crm: Crm;
}
