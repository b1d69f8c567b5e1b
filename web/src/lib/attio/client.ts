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
 * Attio semantics relied on (see /work/shared/attio-api.md): only people `email_addresses` and
 * companies `domains` are unique, so only those can be asserted on; PATCH prepends multiselect
 * values while PUT replaces them; a uniqueness violation is a 400 `uniqueness_conflict`.
 */
import { AttioConfigError, AttioError } from "./errors";
import { attioRequest, type HttpConfig } from "./http";
import { companyDomainFor, normalizeEmail, normalizeLinkedinUrl, splitPersonName } from "./normalize";
import {
  companyResponseSchema,
  noteListResponseSchema,
  noteResponseSchema,
  personResponseSchema,
  recordListResponseSchema,
  recordResponseSchema,
  selfResponseSchema,
  type AttioRecord,
} from "./schemas";

export { AttioConfigError, AttioError, isAttioError } from "./errors";
export { parseRetryAfter } from "./normalize";

export const ATTIO_DEFAULT_BASE_URL = "https://api.attio.com/v2";
export const ATTIO_DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_NOTE_TITLE = "Sync snapshot";

/** GET /notes caps `limit` at 50. */
const NOTE_PAGE_SIZE = 50;
/** Bounds the marker scan (10,000 notes on one person) in case a server ignores `offset`. */
const MAX_NOTE_PAGES = 200;

const MISSING_KEY_MESSAGE =
  "ATTIO_API_KEY is not set: add it to .env (see .env.example) to sync leads to Attio.";

export interface AttioClientOptions {
  apiKey?: string | null;
  baseUrl?: string;
  timeoutMs?: number;
  /** Injected for tests (capturing traffic, malformed bodies); defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface AttioRecordRef {
  id: string;
  webUrl: string | null;
}

export interface UpsertCompanyInput {
  name: string;
  domain?: string | null;
  /** A contact's email: its domain is used when `domain` is absent, unless it is free mail. */
  email?: string | null;
  /** Attio record id from a previous sync, tried first. */
  knownId?: string | null;
}

export interface UpsertPersonInput {
  name: string;
  email?: string | null;
  linkedinUrl?: string | null;
  /** Resolved (found or created) with upsertCompany when `companyId` is absent. */
  companyName?: string | null;
  title?: string | null;
  companyId?: string | null;
  /** Attio record id from a previous sync, tried first. */
  knownId?: string | null;
}

export interface AddNoteOptions {
  /** Defaults to "Sync snapshot". */
  title?: string;
  /**
   * Idempotency key: if a note of this person already contains it, that note is returned instead
   * of creating another. Appended to the content when absent. Use plain text without Markdown
   * syntax so it survives both of Attio's renderings.
   */
  marker?: string;
  /** Backdates the note; ignored when invalid or in the future (Attio rejects those). */
  createdAt?: Date;
}

export interface AttioClient {
  upsertCompany(input: UpsertCompanyInput): Promise<AttioRecordRef>;
  upsertPerson(input: UpsertPersonInput): Promise<AttioRecordRef>;
  addNoteToPerson(personId: string, noteMarkdown: string, opts?: AddNoteOptions): Promise<{ id: string }>;
  findNoteByMarker(personId: string, marker: string): Promise<{ id: string } | null>;
  self(): Promise<{ active: boolean; scope: string | null; workspaceSlug: string | null }>;
}

/** Client options from ATTIO_API_KEY, ATTIO_BASE_URL and ATTIO_TIMEOUT_MS. Typed wider than
 * Record<string, string | undefined> (which Next.js augments with a required NODE_ENV) so plain objects work too. */
export function attioOptionsFromEnv(env: Record<string, string | undefined> = process.env): AttioClientOptions {
  const timeoutMs = Number(env.ATTIO_TIMEOUT_MS);
  return {
    apiKey: env.ATTIO_API_KEY?.trim() || null,
    baseUrl: env.ATTIO_BASE_URL?.trim() || ATTIO_DEFAULT_BASE_URL,
    timeoutMs: Number.isFinite(timeoutMs) && timeoutMs > 0 ? timeoutMs : ATTIO_DEFAULT_TIMEOUT_MS,
  };
}

type Values = Record<string, unknown[]>;

/**
 * Without arguments the client is configured from process.env. An explicit options object is taken
 * as is (fields it omits get the built-in defaults, not the environment), so a test passing
 * `{ apiKey: null }` really has no key even when ATTIO_API_KEY is set.
 *
 * Configuration is checked on each call, not here: a missing key must surface as a rejected
 * promise (AttioConfigError) from the method the caller awaited, before any request is sent.
 */
export function createAttioClient(opts: AttioClientOptions = attioOptionsFromEnv()): AttioClient {
  const config = (): HttpConfig => {
    const apiKey = typeof opts.apiKey === "string" ? opts.apiKey.trim() : "";
    if (!apiKey) throw new AttioConfigError(MISSING_KEY_MESSAGE);
    const baseUrl = opts.baseUrl?.trim() || ATTIO_DEFAULT_BASE_URL;
    let protocol: string;
    try {
      protocol = new URL(baseUrl).protocol;
    } catch {
      protocol = "";
    }
    if (protocol !== "https:" && protocol !== "http:") {
      throw new AttioConfigError(`ATTIO_BASE_URL is not an http(s) URL: "${baseUrl}".`);
    }
    const timeoutMs =
      typeof opts.timeoutMs === "number" && Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0
        ? opts.timeoutMs
        : ATTIO_DEFAULT_TIMEOUT_MS;
    // Resolved per call so tests that stub globalThis.fetch after creating the client still apply.
    const fetchImpl: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    return { apiKey, baseUrl, timeoutMs, fetch: fetchImpl };
  };

  const client: AttioClient = {
    async upsertCompany(input) {
      const http = config();
      const name = clean(input.name);

      if (clean(input.knownId)) {
        const known = await nullOn404(
          attioRequest(http, { method: "GET", path: recordPath("companies", clean(input.knownId)!), schema: companyResponseSchema }),
        );
        if (known) {
          const current = known.data.values.name?.[0]?.value ?? null;
          if (!name || current === name) return toRef(known.data);
          const renamed = await nullOn404(putRecord(http, "companies", known.data.id.record_id, { name: [name] }));
          if (renamed) return toRef(renamed);
        }
        // 404: the record was deleted (or merged away) in Attio since the last sync. Find or
        // create it again below rather than failing every future sync of this lead.
      }

      const domain = companyDomainFor({ domain: input.domain, email: input.email });
      if (domain) {
        // `domains` is unique, so the assert is idempotent: a repeat (Temporal retry, second sync)
        // updates the record the first attempt created. Being the matching attribute, the domain
        // is added to the record's domains, never replacing the ones it has.
        const values: Values = { domains: [domain] };
        if (name) values.name = [name];
        return toRef(await assertRecord(http, "companies", "domains", values));
      }

      if (!name) throw invalidInput("upsertCompany needs a name or a usable domain");
      // Company names are not unique in Attio and cannot be asserted on, so this is
      // query-then-create: two concurrent name-only upserts of the same company can both miss and
      // both create, leaving a duplicate (as can Attio's own company auto-creation from a person's
      // email domain). Pass a domain or a work email whenever one is known to avoid it.
      const found = await queryFirst(http, "companies", { name });
      if (found) return toRef(found);
      return toRef(await createRecord(http, "companies", { name: [name] }));
    },

    async upsertPerson(input) {
      const http = config();
      const name = splitPersonName(input.name);
      const email = normalizeEmail(input.email);
      const linkedin = normalizeLinkedinUrl(input.linkedinUrl);
      const title = clean(input.title);
      if (!name.full_name && !email && !linkedin) {
        throw invalidInput("upsertPerson needs a name, an email or a LinkedIn URL");
      }

      let companyId = clean(input.companyId);
      const companyName = clean(input.companyName);
      if (!companyId && companyName) {
        // The person's email goes along so a work domain identifies the company: the assert on
        // that domain then finds the company Attio may auto-create from the same email.
        companyId = (await client.upsertCompany({ name: companyName, email })).id;
      }

      // Single-value attributes only: both PUT and PATCH overwrite these, so sending them on every
      // sync cannot duplicate anything. Attributes the lead lacks are omitted, never cleared,
      // so data entered in Attio by hand survives a sync.
      const single: Values = {};
      if (name.full_name) single.name = [name];
      if (title) single.job_title = [title];
      if (linkedin) single.linkedin = [linkedin];
      if (companyId) single.company = [{ target_object: "companies", target_record_id: companyId }];

      const knownId = clean(input.knownId);
      if (knownId) {
        const updated = await updatePersonById(http, knownId, single, email);
        if (updated) return toRef(updated);
        // 404: deleted in Attio since the last sync; find or create it again below.
      }

      if (email) {
        // `email_addresses` is unique: asserting on it makes the upsert idempotent. As the matching
        // attribute the email is added to the person's existing addresses, not replacing them.
        return toRef(await assertRecord(http, "people", "email_addresses", { ...single, email_addresses: [email] }));
      }

      if (linkedin) {
        // `linkedin` is plain, non-unique text (an assert on it fails with
        // matching_attribute_definition_not_unique), so: query the normalised URL, then update
        // that record by id or create one.
        const found = await queryFirst(http, "people", { linkedin });
        if (found) {
          const updated = await nullOn404(putRecord(http, "people", found.id.record_id, single));
          if (updated) return toRef(updated);
        }
        return toRef(await createRecord(http, "people", single));
      }

      // Name only (plus the company when known). Names are not unique: two different people with
      // the same name at the same company are merged into one record, and two concurrent syncs of
      // a new name-only lead can both miss the query and create a duplicate. Nothing better exists
      // without an email or LinkedIn URL.
      const filter: Record<string, unknown> = { name: name.full_name };
      if (companyId) filter.company = { target_object: "companies", target_record_id: companyId };
      const found = await queryFirst(http, "people", filter);
      if (found) {
        const updated = await nullOn404(putRecord(http, "people", found.id.record_id, single));
        if (updated) return toRef(updated);
      }
      return toRef(await createRecord(http, "people", single));
    },

    async addNoteToPerson(personId, noteMarkdown, opts = {}) {
      const http = config();
      const parentId = clean(personId);
      if (!parentId) throw invalidInput("addNoteToPerson needs a person record id");
      const marker = clean(opts.marker);

      // A retried activity (timeout after Attio stored the note, worker crash) must not add a
      // second snapshot: look for the marker first. Two attempts running at the same time could
      // still both miss and both create; Temporal does not run one activity twice concurrently
      // except after a heartbeat/start-to-close timeout, which this accepts.
      if (marker) {
        const existing = await client.findNoteByMarker(parentId, marker);
        if (existing) return existing;
      }

      let content = typeof noteMarkdown === "string" ? noteMarkdown : "";
      if (marker && !content.includes(marker)) content = `${content}${content ? "\n\n" : ""}${marker}`;
      const data: Record<string, unknown> = {
        parent_object: "people",
        parent_record_id: parentId,
        title: clean(opts.title) ?? DEFAULT_NOTE_TITLE,
        format: "markdown",
        content,
      };
      const at = opts.createdAt;
      if (at instanceof Date && !Number.isNaN(at.getTime()) && at.getTime() <= Date.now() && at.getTime() >= 0) {
        data.created_at = at.toISOString();
      }
      const res = await attioRequest(http, { method: "POST", path: "/notes", body: { data }, schema: noteResponseSchema });
      return { id: res.data.id.note_id };
    },

    async findNoteByMarker(personId, marker) {
      const http = config();
      const parentId = clean(personId);
      const needle = clean(marker);
      if (!parentId) throw invalidInput("findNoteByMarker needs a person record id");
      if (!needle) throw invalidInput("findNoteByMarker needs a non-empty marker"); // "" matches every note
      // Notes come back in an undocumented order, so every page is scanned; a page shorter than
      // the limit is the last one (the API returns no total or cursor).
      for (let page = 0; page < MAX_NOTE_PAGES; page++) {
        const res = await attioRequest(http, {
          method: "GET",
          path: "/notes",
          query: { parent_object: "people", parent_record_id: parentId, limit: NOTE_PAGE_SIZE, offset: page * NOTE_PAGE_SIZE },
          schema: noteListResponseSchema,
        });
        // Both renderings: Markdown escaping (e.g. "\_") can alter the marker in one of them.
        const hit = res.data.find((n) => n.content_markdown.includes(needle) || n.content_plaintext.includes(needle));
        if (hit) return { id: hit.id.note_id };
        if (res.data.length < NOTE_PAGE_SIZE) return null;
      }
      return null;
    },

    async self() {
      const http = config();
      const res = await attioRequest(http, { method: "GET", path: "/self", schema: selfResponseSchema });
      return { active: res.active, scope: res.scope ?? null, workspaceSlug: res.workspace_slug ?? null };
    },
  };
  return client;
}

// ---------------------------------------------------------------------------------------------
// The spec's three functions (attio-sync-v1), configured from process.env on every call so a key
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

// ---------------------------------------------------------------------------------------------

function clean(v: string | null | undefined): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

function invalidInput(message: string): AttioError {
  return new AttioError(`Attio invalid_input: ${message}`, { status: null, code: "invalid_input", retryable: false });
}

function toRef(record: AttioRecord | { id: { record_id: string }; web_url: string | null }): AttioRecordRef {
  return { id: record.id.record_id, webUrl: record.web_url };
}

function recordPath(object: "people" | "companies", recordId: string): string {
  return `/objects/${object}/records/${encodeURIComponent(recordId)}`;
}

async function nullOn404<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AttioError && err.status === 404) return null;
    throw err;
  }
}

async function queryFirst(http: HttpConfig, object: "people" | "companies", filter: Record<string, unknown>) {
  const res = await attioRequest(http, {
    method: "POST",
    path: `/objects/${object}/records/query`,
    body: { filter, limit: 1 },
    schema: recordListResponseSchema,
  });
  return res.data[0] ?? null;
}

async function createRecord(http: HttpConfig, object: "people" | "companies", values: Values) {
  const res = await attioRequest(http, {
    method: "POST",
    path: `/objects/${object}/records`,
    body: { data: { values } },
    schema: recordResponseSchema,
  });
  return res.data;
}

/** PUT on a record id: overwrites the attributes sent, leaves the others alone. Only ever called
 * with single-value attributes, where PUT and PATCH agree. */
async function putRecord(http: HttpConfig, object: "people" | "companies", recordId: string, values: Values) {
  const res = await attioRequest(http, {
    method: "PUT",
    path: recordPath(object, recordId),
    body: { data: { values } },
    schema: recordResponseSchema,
  });
  return res.data;
}

async function assertRecord(http: HttpConfig, object: "people" | "companies", matching: string, values: Values) {
  const send = () =>
    attioRequest(http, {
      method: "PUT",
      path: `/objects/${object}/records`,
      query: { matching_attribute: matching },
      body: { data: { values } },
      schema: recordResponseSchema,
    });
  try {
    return (await send()).data;
  } catch (err) {
    // Two asserts of the same new email/domain racing (two leads at one company synced at once)
    // can both miss and both try to create; the loser gets 400 uniqueness_conflict. Asserting
    // once more now matches the winner's record. This resolves a lost race, it is not a transport
    // retry: any other error, or a second conflict, goes to the caller.
    if (err instanceof AttioError && err.status === 400 && err.code === "uniqueness_conflict") {
      return (await send()).data;
    }
    throw err;
  }
}

/**
 * Updates a known person by id; null when the record no longer exists.
 *
 * The update is a PUT with single-value attributes only. `email_addresses` is multi-value: PUT
 * would replace the person's addresses with ours (dropping ones added in Attio), and PATCH
 * prepends, so resending an existing address through PATCH would duplicate it. So the email is
 * sent, via PATCH, only when the record does not have it yet.
 */
async function updatePersonById(http: HttpConfig, recordId: string, single: Values, email: string | null) {
  const path = recordPath("people", recordId);
  const current = await nullOn404(
    Object.keys(single).length > 0
      ? attioRequest(http, { method: "PUT", path, body: { data: { values: single } }, schema: personResponseSchema })
      : attioRequest(http, { method: "GET", path, schema: personResponseSchema }),
  );
  if (!current) return null;
  const has = (current.data.values.email_addresses ?? []).some((v) => v.email_address.toLowerCase() === email);
  if (!email || has) return current.data;
  try {
    const patched = await attioRequest(http, {
      method: "PATCH",
      path,
      body: { data: { values: { email_addresses: [email] } } },
      schema: personResponseSchema,
    });
    return patched.data;
  } catch (err) {
    // The address already belongs to another Attio person. The known record stays the lead's
    // record (re-pointing the lead to a different person is a human decision), so the sync goes
    // on without the address rather than failing on every retry.
    if (err instanceof AttioError && err.status === 400 && err.code === "uniqueness_conflict") return current.data;
    throw err;
  }
}
