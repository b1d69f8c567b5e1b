/**
 * Attio client for leadsync: idempotent upserts of companies and people, and sync-snapshot notes.
 *
 * Runs inside Temporal activities and Next.js server code, so it imports neither and never logs:
 * every outcome is a return value or one thrown AttioError / AttioConfigError. It does not retry
 * either: Temporal's activity retry policy does, driven by `AttioError.retryable` and
 * `retryAfterMs`. Because any call may therefore be repeated after a timeout or crash (possibly
 * after Attio already applied it), each operation is written so that repeating it converges on
 * the same records instead of creating duplicates: asserts on unique attributes, query-then-write
 * otherwise, and a marker for notes.
 *
 * Attio semantics relied on (see docs/attio-api.md): only people `email_addresses` and
 * companies `domains` are unique, so only those can be asserted on; PATCH prepends multiselect
 * values while PUT replaces them; a uniqueness violation is a 400 `uniqueness_conflict`.
 */
import { DEFAULTS, loadConfig, MISSING_ATTIO_KEY_MESSAGE } from "../config";
import { bindConfig, type BoundAll } from "./bind";
import { resolveCompany } from "./companies";
import { crmMethods, type AttioCrmClient } from "./crm";
import { AttioConfigError } from "./errors";
import { attioRequest, type HttpConfig } from "./http";
import { parseHttpUrl } from "../http-url";
import { addNoteToPerson as addNote, findNoteByMarker } from "./notes";
import { resolvePerson } from "./people";
import { recordResponseSchema, selfResponseSchema } from "./schemas";
import { getRecord, toRef } from "./records";
import { findCompanyIdByDomain, findPersonIdByEmail, getPerson } from "./tracked-values";

export { AttioConfigError, AttioError } from "./errors";
export { DEFAULT_NOTE_TITLE, type AddNoteOptions } from "./notes";
export type { AttioRecordRef, RecordClaims } from "./records";
export type { CompanyResult, UpsertCompanyInput } from "./companies";
export type { PersonResult, UpsertPersonInput } from "./people";
export type { PersonTrackedValues } from "./tracked-values";

export interface AttioClientOptions {
  apiKey?: string | null;
  baseUrl?: string;
  timeoutMs?: number;
  /** Injected for tests (capturing traffic, malformed bodies); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Aborts every request in flight and every one not yet sent (an activity's cancellation). */
  signal?: AbortSignal;
}

/** The token's own state: whether it is active, its scopes and its workspace. */
async function self(http: HttpConfig): Promise<{ active: boolean; scope: string | null; workspaceSlug: string | null }> {
  const res = await attioRequest(http, { method: "GET", path: "/self", schema: selfResponseSchema });
  return { active: res.active, scope: res.scope ?? null, workspaceSlug: res.workspace_slug ?? null };
}

async function getCompanyRef(http: HttpConfig, companyId: string) {
  const record = await getRecord(http, "companies", companyId, recordResponseSchema);
  return record && toRef(record);
}

/** The record and note calls, by the name the client gives them (the spec's names). */
const RECORD_CALLS = {
  upsertCompany: resolveCompany,
  upsertPerson: resolvePerson,
  addNoteToPerson: addNote,
  findNoteByMarker,
  self,
  /** A person with the fields two-way sync reads, or null when deleted or merged away. */
  getPerson,
  /** A company's id and URL, or null when deleted or merged away. */
  getCompanyRef,
  /** Who holds an address or a domain now (the reconcile pass finds a merge's survivor so). */
  findPersonIdByEmail,
  findCompanyIdByDomain,
};

export type AttioClient = AttioCrmClient & BoundAll<typeof RECORD_CALLS>;

/**
 * Without arguments the client takes this process's configuration (config.ts: ATTIO_API_KEY,
 * ATTIO_BASE_URL, ATTIO_TIMEOUT_MS). An explicit options object (e.g. the worker's `config.attio`) is taken
 * as is (fields it omits get the built-in defaults, not the environment), so a test passing
 * `{ apiKey: null }` really has no key even when ATTIO_API_KEY is set.
 *
 * Configuration is checked on each call, not here: a missing key must surface as a rejected
 * promise (AttioConfigError) from the method the caller awaited, before any request is sent.
 */
export function createAttioClient(opts: AttioClientOptions = loadConfig().attio): AttioClient {
  const config = (): HttpConfig => {
    const apiKey = typeof opts.apiKey === "string" ? opts.apiKey.trim() : "";
    if (!apiKey) throw new AttioConfigError(MISSING_ATTIO_KEY_MESSAGE);
    const baseUrl = opts.baseUrl?.trim() || DEFAULTS.attioBaseUrl;
    if (!parseHttpUrl(baseUrl)) {
      throw new AttioConfigError(`ATTIO_BASE_URL is not an http(s) URL: "${baseUrl}".`);
    }
    const timeoutMs =
      typeof opts.timeoutMs === "number" && Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0
        ? opts.timeoutMs
        : DEFAULTS.attioTimeoutMs;
    // Resolved per call so tests that stub globalThis.fetch after creating the client still apply.
    const fetchImpl: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    return { apiKey, baseUrl, timeoutMs, fetch: fetchImpl, signal: opts.signal };
  };

  return { ...crmMethods(config), ...bindConfig(config, RECORD_CALLS) };
}

// ---------------------------------------------------------------------------------------------
// The spec's three functions (attio-sync-v1), configured from the environment on every call so a key
// added to the environment is picked up without a restart of long-lived workers.

export async function upsertCompany(input: { name: string; domain?: string | null }): Promise<{ id: string }> {
  const ref = await createAttioClient().upsertCompany(input);
  return { id: ref.id };
}

export async function upsertPerson(input: {
  name: string;
  email?: string;
  linkedinUrl?: string;
  companyName?: string;
  title?: string;
}): Promise<{ id: string }> {
  const ref = await createAttioClient().upsertPerson(input);
  return { id: ref.id };
}

export async function addNoteToPerson(personId: string, noteMarkdown: string): Promise<{ id: string }> {
  return createAttioClient().addNoteToPerson(personId, noteMarkdown);
}
