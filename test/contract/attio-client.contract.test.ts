/**
 * Contract suite for the Attio client (web/src/lib/attio).
 *
 * Runs against the fake Attio (always) and against real Attio when ATTIO_LIVE_TESTS=1 and
 * ATTIO_API_KEY are set. Behaviour is checked through the public API wherever possible (so the same
 * assertions hold on both targets); the fake's request log and fault switches are used only for
 * what cannot be observed otherwise (requests sent, injected 429/5xx/timeouts), and those tests are
 * skipped on the live target.
 *
 * Every request the client sends and every response it receives is captured through the client's
 * `fetch` option and checked against Attio's OpenAPI document after each test. *
 * Over 300 lines: one suite body runs against both targets and shares their client, capture and
 * live cleanup; the fake-only HTTP behaviour lives in the fake-attio-*.test.ts files.
 */
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AttioConfigError,
  AttioError,
  addNoteToPerson,
  createAttioClient,
  upsertCompany,
  upsertPerson,
  type AttioClient,
  type AttioClientOptions,
} from "../../web/src/lib/attio/client";
import { attioRequest } from "../../web/src/lib/attio/http";
import { loadConfig } from "../../web/src/lib/config";
import { z } from "zod";
import { FAKE_ATTIO_SCOPELESS_TOKEN, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";
import { DEFAULT_FIELD_POLICY } from "../../web/src/lib/attio/field-policy";

const LIVE_ENABLED = process.env.ATTIO_LIVE_TESTS === "1" && !!process.env.ATTIO_API_KEY?.trim();
if (!LIVE_ENABLED) {
  console.info("[attio contract] live run skipped: set ATTIO_LIVE_TESTS=1 and ATTIO_API_KEY to also run this suite against real Attio.");
}

// ------------------------------------------------------------------------------------------------
// Targets

interface TargetEnv {
  baseUrl: string;
  token: string;
  /** Null on the live target. */
  fake: FakeAttio | null;
  stop(): Promise<void>;
}

interface Target {
  name: "fake" | "live";
  enabled: boolean;
  start(): Promise<TargetEnv>;
}

const targets: Target[] = [
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

interface Exchange {
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

function capturingFetch(sink: Exchange[]): typeof fetch {
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Fresh identifiers per run so live runs never collide with earlier data or with each other. */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let seq = 0;
function uniq(label: string): string {
  seq += 1;
  return `${label}-${RUN}-${seq}`;
}
function uniqDomain(label = "acme"): string {
  return `leadsync-${uniq(label)}.com`;
}

// ------------------------------------------------------------------------------------------------

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio client contract against ${target.name} Attio`, () => {
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

    // ----------------------------------------------------------------------------------------
    describe("companies", () => {
      it("creates a new company for a domain no company holds yet: one query, one create", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const from = onFake ? env.fake!.requests().length : 0;
        const ref = track("companies", await client().upsertCompany({ name: "Acme Widgets", domain }));
        expect(ref.id).toMatch(/^[0-9a-f-]{36}$/);
        const rec = await getRecord("companies", ref.id);
        expect(domains(rec)).toEqual([domain]);
        expect(text(rec, "name")).toBe("Acme Widgets");
        if (onFake) {
          // (The GET is this test's own read of the record.)
          const sent = fakeRequestsSince(from)
            .filter((r) => r.method !== "GET")
            .map((r) => `${r.method} ${r.path}`);
          expect(sent).toEqual(["POST /v2/objects/companies/records/query", "POST /v2/objects/companies/records"]);
        }
      });

      it("returns the existing company for the same domain, however it is written", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const first = track("companies", await client().upsertCompany({ name: "Acme", domain }));
        const second = await client().upsertCompany({ name: "Acme", domain: `https://www.${domain.toUpperCase()}/about?x=1` });
        expect(second.id).toBe(first.id);
        const matches = await query("companies", { domains: domain });
        expect(matches.map((c) => c.id.record_id)).toEqual([first.id]);
        expect(domains(matches[0])).toEqual([domain]);
      });

      it("creates a company by name when no domain is known and none has that name", async () => {
        const name = `Nameonly ${uniq("co")}`;
        const ref = track("companies", await client().upsertCompany({ name }));
        const rec = await getRecord("companies", ref.id);
        expect(text(rec, "name")).toBe(name);
        expect(domains(rec)).toEqual([]);
      });

      it("returns the existing company with the same exact name when no domain is known", async () => {
        const name = `Nameonly ${uniq("co")}`;
        const first = track("companies", await client().upsertCompany({ name }));
        const second = await client().upsertCompany({ name });
        expect(second.id).toBe(first.id);
        expect((await query("companies", { name })).map((c) => c.id.record_id)).toEqual([first.id]);
      });

      it("uses the domain of a work email when no domain is given", async () => {
        const domain = uniqDomain("work");
        domainsUsed.push(domain);
        const ref = track("companies", await client().upsertCompany({ name: "Work Co", email: `Ada@${domain.toUpperCase()}` }));
        expect(domains(await getRecord("companies", ref.id))).toEqual([domain]);
        const again = await client().upsertCompany({ name: "Work Co", domain });
        expect(again.id).toBe(ref.id);
      });

      it("never matches or stores a company on a free-mail domain", async () => {
        const name = `Freemail ${uniq("co")}`;
        const from = exchanges.length;
        const ref = track("companies", await client().upsertCompany({ name, email: "someone@gmail.com" }));
        const alsoExplicit = await client().upsertCompany({ name, domain: "gmail.com", email: "x@yahoo.co.uk" });
        expect(alsoExplicit.id).toBe(ref.id);
        expect(domains(await getRecord("companies", ref.id))).toEqual([]);
        const sent = exchanges.slice(from).map((x) => JSON.stringify(x.requestBody ?? null));
        expect(sent.some((b) => /gmail|yahoo/.test(b))).toBe(false);
      });

      it.each([
        { rule: "if-empty", kept: "Old Name" },
        { rule: "never", kept: "Old Name" },
        { rule: "always", kept: "New Name" },
      ] as const)("knownId: a company's name changes only when the field policy gives it to the lead ($rule)", async ({ rule, kept }) => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const ref = track("companies", await client().upsertCompany({ name: "Old Name", domain }));
        const policy = { ...DEFAULT_FIELD_POLICY, "company.name": rule };
        const again = await client().upsertCompany({ name: "New Name", domain, knownId: ref.id, policy });
        expect(again.id).toBe(ref.id);
        expect(text(await getRecord("companies", ref.id), "name")).toBe(kept);
      });

      it("knownId: a lead that moved to another domain gets that domain's company; the old one is untouched", async () => {
        const oldDomain = uniqDomain("old");
        const newDomain = uniqDomain("new");
        domainsUsed.push(oldDomain, newDomain);
        const old = track("companies", await client().upsertCompany({ name: "Maison Lumière", domain: oldDomain }));
        const moved = track("companies", await client().upsertCompany({ name: "Globex Corporation", domain: newDomain, knownId: old.id }));
        expect(moved.id).not.toBe(old.id);
        const before = await getRecord("companies", old.id);
        expect(text(before, "name")).toBe("Maison Lumière");
        expect(domains(before)).toEqual([oldDomain]);
        expect(domains(await getRecord("companies", moved.id))).toEqual([newDomain]);
      });

      it("a domain but no company name still gives a company", async () => {
        const domain = uniqDomain("noname");
        domainsUsed.push(domain);
        const ref = track("companies", await client().upsertCompany({ name: null, domain }));
        expect(domains(await getRecord("companies", ref.id))).toEqual([domain]);
      });

      it("knownId: a company deleted in Attio (404) is found or created again", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const ref = await client().upsertCompany({ name: "Gone Co", domain });
        await deleteBehindClientsBack("companies", ref.id);
        const again = track("companies", await client().upsertCompany({ name: "Gone Co", domain, knownId: ref.id }));
        expect(again.id).not.toBe(ref.id);
        expect(domains(await getRecord("companies", again.id))).toEqual([domain]);
      });
    });

    // ----------------------------------------------------------------------------------------
    describe("people", () => {
      it("creates a new person asserted on the email", async () => {
        const email = `ada.${uniq("p")}@gmail.com`;
        const ref = track("people", await client().upsertPerson({ name: "Ada King Lovelace", email, title: "CTO" }));
        const rec = await getRecord("people", ref.id);
        expect(emails(rec)).toEqual([email]);
        expect(rec.values.name[0]).toMatchObject({ first_name: "Ada King", last_name: "Lovelace", full_name: "Ada King Lovelace" });
        expect(text(rec, "job_title")).toBe("CTO");
        expect(ref.webUrl).toContain(`/person/${ref.id}`);
      });

      it("returns the existing person for the same email, whatever its case or spacing", async () => {
        const email = `grace.${uniq("p")}@gmail.com`;
        const first = track("people", await client().upsertPerson({ name: "Grace Hopper", email }));
        const second = await client().upsertPerson({ name: "Grace Hopper", email: `  ${email.toUpperCase()} ` });
        expect(second.id).toBe(first.id);
        expect((await query("people", { email_addresses: email })).map((p) => p.id.record_id)).toEqual([first.id]);
      });

      it("creates a person by LinkedIn URL when no email is known", async () => {
        const slug = uniq("li");
        const ref = track("people", await client().upsertPerson({ name: "Alan Turing", linkedinUrl: `linkedin.com/in/${slug}/` }));
        const rec = await getRecord("people", ref.id);
        expect(text(rec, "linkedin")).toBe(`https://www.linkedin.com/in/${slug}`);
        expect(emails(rec)).toEqual([]);
      });

      it("finds the existing person by normalised LinkedIn URL and fills only its blanks (default policy)", async () => {
        const slug = uniq("li");
        const first = track(
          "people",
          await client().upsertPerson({ name: "Alan Turing", linkedinUrl: `https://www.linkedin.com/in/${slug}` }),
        );
        const second = await client().upsertPerson({
          name: "Alan M. Turing",
          linkedinUrl: `http://uk.linkedin.com/in/${slug.toUpperCase()}/?trk=x`,
          title: "Mathematician",
        });
        expect(second.id).toBe(first.id);
        const matches = await query("people", { linkedin: `https://www.linkedin.com/in/${slug}` });
        expect(matches.map((p) => p.id.record_id)).toEqual([first.id]);
        expect(text(matches[0], "job_title")).toBe("Mathematician");
        expect(matches[0].values.name[0].full_name).toBe("Alan Turing");
      });

      it("links the person to the given company", async () => {
        const domain = uniqDomain();
        domainsUsed.push(domain);
        const company = track("companies", await client().upsertCompany({ name: "Linked Co", domain }));
        const person = track(
          "people",
          await client().upsertPerson({ name: "Katherine Johnson", email: `kj.${uniq("p")}@${domain}`, companyId: company.id }),
        );
        expect(companyOf(await getRecord("people", person.id))).toBe(company.id);
      });

      it("resolves companyName into a company (by the work-email domain) and links it", async () => {
        const domain = uniqDomain("byname");
        domainsUsed.push(domain);
        const person = track(
          "people",
          await client().upsertPerson({ name: "Dorothy Vaughan", email: `dv.${uniq("p")}@${domain}`, companyName: "Byname Co" }),
        );
        const companyId = companyOf(await getRecord("people", person.id));
        expect(companyId).not.toBeNull();
        const company = await getRecord("companies", companyId!);
        expect(domains(company)).toContain(domain);
      });

      it("updates an existing person without duplicating email_addresses", async () => {
        const email = `mary.${uniq("p")}@gmail.com`;
        const from = exchanges.length;
        const ref = track("people", await client().upsertPerson({ name: "Mary Jackson", email, title: "Engineer" }));
        const leadOwnsTitle = { ...DEFAULT_FIELD_POLICY, "person.jobTitle": "always" } as const;
        await client().upsertPerson({ name: "Mary Jackson", email, title: "Senior Engineer", policy: leadOwnsTitle });
        await client().upsertPerson({ name: "Mary Jackson", email, title: "Lead Engineer", knownId: ref.id, policy: leadOwnsTitle });
        const rec = await getRecord("people", ref.id);
        expect(emails(rec)).toEqual([email]);
        expect(text(rec, "job_title")).toBe("Lead Engineer");
        // PATCH prepends multiselect values, so an address already present is never PATCHed again.
        const patchesWithEmail = exchanges
          .slice(from)
          .filter((x) => x.method === "PATCH" && JSON.stringify(x.requestBody).includes("email_addresses"));
        expect(patchesWithEmail).toEqual([]);
      });

      it("knownId: updates that record by id and adds a new email exactly once", async () => {
        const slug = uniq("li");
        const ref = track("people", await client().upsertPerson({ name: "Annie Easley", linkedinUrl: `linkedin.com/in/${slug}` }));
        const email = `annie.${uniq("p")}@gmail.com`;
        const a = await client().upsertPerson({ name: "Annie Easley", email, title: "Programmer", knownId: ref.id });
        const b = await client().upsertPerson({ name: "Annie Easley", email, title: "Programmer", knownId: ref.id });
        expect([a.id, b.id]).toEqual([ref.id, ref.id]);
        const rec = await getRecord("people", ref.id);
        expect(emails(rec)).toEqual([email]);
        expect(text(rec, "job_title")).toBe("Programmer");
        expect(text(rec, "linkedin")).toBe(`https://www.linkedin.com/in/${slug}`);
      });

      it("knownId: a person deleted in Attio (404) is found or created again", async () => {
        const email = `gone.${uniq("p")}@gmail.com`;
        const ref = await client().upsertPerson({ name: "Gone Person", email });
        await deleteBehindClientsBack("people", ref.id);
        const again = track("people", await client().upsertPerson({ name: "Gone Person", email, knownId: ref.id }));
        expect(again.id).not.toBe(ref.id);
        expect(emails(await getRecord("people", again.id))).toEqual([email]);
      });

      it("with neither email nor LinkedIn, matches by exact name within the company", async () => {
        const company = track("companies", await client().upsertCompany({ name: `Nameco ${uniq("co")}` }));
        const other = track("companies", await client().upsertCompany({ name: `Otherco ${uniq("co")}` }));
        const name = `Nobody ${uniq("n")}`;
        const first = track("people", await client().upsertPerson({ name, companyId: company.id }));
        const same = await client().upsertPerson({ name, companyId: company.id, title: "CEO" });
        const elsewhere = track("people", await client().upsertPerson({ name, companyId: other.id }));
        expect(same.id).toBe(first.id);
        expect(elsewhere.id).not.toBe(first.id);
        expect(text(await getRecord("people", first.id), "job_title")).toBe("CEO");
      });
    });

    // ----------------------------------------------------------------------------------------
    describe("notes", () => {
      async function newPerson(): Promise<string> {
        return track("people", await client().upsertPerson({ name: "Note Taker", email: `notes.${uniq("p")}@gmail.com` })).id;
      }

      it("creates a markdown note titled 'Sync snapshot' on the person", async () => {
        const personId = await newPerson();
        const md = "# Lead\n- **Email:** ada@example.com";
        const note = await client().addNoteToPerson(personId, md);
        const notes = await notesOf(personId);
        expect(notes.map((n) => n.id.note_id)).toEqual([note.id]);
        expect(notes[0]).toMatchObject({ parent_object: "people", parent_record_id: personId, title: "Sync snapshot" });
        expect(notes[0].content_markdown).toContain("**Email:**");
      });

      it("a repeated call with the same marker returns the same note and creates no second one", async () => {
        const personId = await newPerson();
        const marker = `leadsync-sync:${uniq("m")}`;
        const first = await client().addNoteToPerson(personId, "# Snapshot", { marker, title: "Sync snapshot" });
        const second = await client().addNoteToPerson(personId, "# Snapshot", { marker, title: "Sync snapshot" });
        expect(second.id).toBe(first.id);
        expect(await notesOf(personId)).toHaveLength(1);
        if (onFake) {
          expect(env.fake!.listNotes().filter((n: any) => JSON.stringify(n).includes(marker))).toHaveLength(1);
        }
      });

      it("findNoteByMarker pages through more than 50 notes", async () => {
        const personId = await newPerson();
        const marker = `leadsync-sync:${uniq("m")}`;
        const target = await client().addNoteToPerson(personId, "first", { marker });
        for (let i = 0; i < 55; i++) {
          await client().addNoteToPerson(personId, `filler ${i}`);
          if (!onFake) await new Promise((r) => setTimeout(r, 60)); // stay under 25 writes/s
        }
        const from = exchanges.length;
        expect(await client().findNoteByMarker(personId, marker)).toEqual({ id: target.id });
        expect(await client().findNoteByMarker(personId, `${marker}-absent`)).toBeNull();
        const lists = exchanges.slice(from).filter((x) => x.method === "GET" && x.path.endsWith("/notes"));
        expect(lists.length).toBeGreaterThanOrEqual(3); // at least one page for the hit, two for the miss
      });

      it.skipIf(!onFake)("a write Attio applied but answered with a 5xx is safe to repeat (email assert, note marker)", async () => {
        const email = `retry.${uniq("p")}@gmail.com`;
        env.fake!.setFaults({ failAfterProcessingRate: 1, appliesTo: "writes" });
        const personErr = await rejection(client().upsertPerson({ name: "Retry Person", email }));
        expect(personErr).toBeInstanceOf(AttioError);
        expect((personErr as AttioError).retryable).toBe(true);
        env.fake!.setFaults({});
        const person = track("people", await client().upsertPerson({ name: "Retry Person", email }));
        expect((await query("people", { email_addresses: email })).map((p) => p.id.record_id)).toEqual([person.id]);

        const marker = `leadsync-sync:${uniq("m")}`;
        env.fake!.setFaults({ failAfterProcessingRate: 1, appliesTo: "writes" });
        await expect(client().addNoteToPerson(person.id, "# Snapshot", { marker })).rejects.toMatchObject({ retryable: true });
        env.fake!.setFaults({});
        await client().addNoteToPerson(person.id, "# Snapshot", { marker });
        expect(await notesOf(person.id)).toHaveLength(1);
      });
    });

    // ----------------------------------------------------------------------------------------
    describe("token and configuration", () => {
      it("self() reports an active token with its scopes", async () => {
        const me = await client().self();
        expect(me.active).toBe(true);
        expect(me.scope ?? "").toMatch(/record_permission:read/);
        expect(typeof me.workspaceSlug).toBe("string");
      });

      it("a missing API key rejects every method with AttioConfigError before any request", async () => {
        const from = onFake ? env.fake!.requests().length : 0;
        const noKey = createAttioClient({ apiKey: null, baseUrl: env.baseUrl, fetch: capturingFetch(exchanges) });
        const calls: Promise<unknown>[] = [
          noKey.upsertCompany({ name: "Acme", domain: "acme.com" }),
          noKey.upsertPerson({ name: "Ada", email: "ada@acme.com" }),
          noKey.addNoteToPerson("00000000-0000-4000-8000-000000000000", "x"),
          noKey.findNoteByMarker("00000000-0000-4000-8000-000000000000", "m"),
          noKey.self(),
        ];
        for (const call of calls) {
          const err = await rejection(call);
          expect(err).toBeInstanceOf(AttioConfigError);
          expect((err as Error).message).toMatch(/ATTIO_API_KEY is not set/);
        }
        const blank = createAttioClient({ apiKey: "   ", baseUrl: env.baseUrl });
        await expect(blank.self()).rejects.toBeInstanceOf(AttioConfigError);
        expect(exchanges.length).toBe(checked);
        if (onFake) expect(fakeRequestsSince(from)).toEqual([]);
      });

      it("input that identifies nothing is rejected as invalid_input before any request", async () => {
        const err = await rejection(client().upsertPerson({ name: "   ", email: "not-an-email", linkedinUrl: "https://example.com/ada" }));
        expect(err).toMatchObject({ name: "AttioError", status: null, code: "invalid_input", retryable: false });
        await expect(client().upsertCompany({ name: " ", domain: "junk" })).rejects.toMatchObject({ code: "invalid_input" });
        await expect(client().findNoteByMarker("00000000-0000-4000-8000-000000000000", " ")).rejects.toMatchObject({
          code: "invalid_input",
        });
        expect(exchanges.length).toBe(checked);
      });

      it("the spec's upsertCompany/upsertPerson/addNoteToPerson are configured from process.env", async () => {
        const saved = { ...process.env };
        try {
          process.env.ATTIO_API_KEY = env.token;
          process.env.ATTIO_BASE_URL = env.baseUrl;
          expect(loadConfig().attio).toMatchObject({ apiKey: env.token, baseUrl: env.baseUrl, timeoutMs: 15_000 });
          const company = await upsertCompany({ name: "Env Co", domain: uniqDomain("env") });
          expect(Object.keys(company)).toEqual(["id"]);
          track("companies", company);
          const person = track("people", await upsertPerson({ name: "Env Person", email: `env.${uniq("p")}@gmail.com` }));
          expect(Object.keys(person)).toEqual(["id"]);
          const note = await addNoteToPerson(person.id, "# From env");
          expect((await notesOf(person.id)).map((n) => n.id.note_id)).toEqual([note.id]);

          delete process.env.ATTIO_API_KEY;
          await expect(upsertCompany({ name: "No Key Co" })).rejects.toBeInstanceOf(AttioConfigError);
        } finally {
          for (const k of ["ATTIO_API_KEY", "ATTIO_BASE_URL"]) {
            if (saved[k] === undefined) delete process.env[k];
            else process.env[k] = saved[k];
          }
        }
      });

      it("an unknown token is a non-retryable 401 auth_error", async () => {
        const bad = `bad-${uniq("token")}`;
        const err = await rejection(client({ apiKey: bad }).upsertCompany({ name: "Acme", domain: uniqDomain() }));
        expect(err).toBeInstanceOf(AttioError);
        expect(err).toMatchObject({ status: 401, type: "auth_error", retryable: false });
        expect((err as Error).message).toMatch(/^Attio 401/);
        expect((err as Error).message).not.toContain(bad);
      });

      it.skipIf(!onFake)("a token without scopes is a non-retryable 403 naming the scope", async () => {
        const err = await rejection(client({ apiKey: FAKE_ATTIO_SCOPELESS_TOKEN }).upsertCompany({ name: "Acme", domain: uniqDomain() }));
        expect(err).toMatchObject({ name: "AttioError", status: 403, type: "auth_error", code: "unauthorized", retryable: false });
        expect((err as Error).message).toMatch(/scope/i);
      });
    });

    // ----------------------------------------------------------------------------------------
    describe("error mapping", () => {
      it("a 400 carries Attio's type and code and is not retryable", async () => {
        // A create (not an assert) with an email another person holds: Attio's uniqueness_conflict.
        const email = `dup.${uniq("p")}@gmail.com`;
        track("people", await client().upsertPerson({ name: "Dup One", email }));
        const http = { apiKey: env.token, baseUrl: env.baseUrl, timeoutMs: 15_000, fetch: capturingFetch(exchanges) };
        const err = await rejection(
          attioRequest(http, {
            method: "POST",
            path: "/objects/people/records",
            body: { data: { values: { email_addresses: [email] } } },
            schema: z.object({ data: z.unknown() }),
          }),
        );
        expect(err).toMatchObject({ status: 400, type: "invalid_request_error", code: "uniqueness_conflict", retryable: false });
        expect((err as Error).message).toMatch(/^Attio 400 uniqueness_conflict: /);
      });

      it("a 404 is not_found and not retryable", async () => {
        const http = { apiKey: env.token, baseUrl: env.baseUrl, timeoutMs: 15_000, fetch: capturingFetch(exchanges) };
        const err = await rejection(
          attioRequest(http, {
            method: "GET",
            path: "/objects/people/records/00000000-0000-4000-8000-000000000000",
            schema: z.object({ data: z.unknown() }),
          }),
        );
        expect(err).toMatchObject({ status: 404, type: "invalid_request_error", code: "not_found", retryable: false });
        expect((err as Error).message).toMatch(/^Attio 404 not_found: /);
      });

      it.skipIf(!onFake)("a 429 is retryable and retryAfterMs follows the Retry-After date", async () => {
        env.fake!.setFaults({ burst429: 5 });
        const from = exchanges.length;
        const before = Date.now();
        const err = await rejection(client().upsertCompany({ name: "Rate Co", domain: uniqDomain() }));
        expect(err).toMatchObject({ status: 429, type: "rate_limit_error", code: "rate_limit_exceeded", retryable: true });
        const header = exchanges.slice(from).find((x) => x.status === 429)?.retryAfter;
        expect(header).toBeTruthy();
        expect(header).toMatch(/GMT$/);
        const expected = Math.max(100, Date.parse(header!) - before);
        const got = (err as AttioError).retryAfterMs!;
        expect(got).toBeGreaterThanOrEqual(100);
        expect(Math.abs(got - expected)).toBeLessThan(1_000);
      });

      it.skipIf(!onFake)("a 429 from the rate limiter (writes over budget) is retryable with retryAfterMs", async () => {
        env.fake!.setRateLimit({ writesPerSecond: 1, readsPerSecond: 100 });
        const c = client();
        const results = await Promise.allSettled(
          Array.from({ length: 4 }, () => c.upsertCompany({ name: "Budget Co", domain: uniqDomain() })),
        );
        const limited = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
        expect(limited.length).toBeGreaterThan(0);
        for (const e of limited) {
          expect(e).toMatchObject({ status: 429, retryable: true });
          expect(e.retryAfterMs).toBeGreaterThanOrEqual(100);
          expect(e.retryAfterMs).toBeLessThanOrEqual(2_100);
        }
      });

      it.skipIf(!onFake)("a 5xx with a non-JSON body is retryable", async () => {
        env.fake!.setFaults({ errorRate: 1, errorStatus: 503 });
        const from = exchanges.length;
        const err = await rejection(client().upsertCompany({ name: "Down Co", domain: uniqDomain() }));
        expect(err).toBeInstanceOf(AttioError);
        expect(err).toMatchObject({ status: 503, retryable: true });
        expect((err as Error).message).toMatch(/^Attio 503/);
        const x = exchanges.slice(from).find((e) => e.status === 503);
        expect(x?.responseBody).toBeUndefined(); // the fake really answered with a non-JSON body
      });

      it.skipIf(!onFake)("a timeout is retryable with code timeout and no status", async () => {
        env.fake!.setFaults({ timeoutRate: 1, timeoutMs: 3_000 });
        const started = Date.now();
        const err = await rejection(client({ timeoutMs: 250 }).upsertCompany({ name: "Slow Co", domain: uniqDomain() }));
        expect(err).toMatchObject({ name: "AttioError", status: null, code: "timeout", retryable: true });
        expect(Date.now() - started).toBeLessThan(2_500);
      });

      it("a network error is retryable with code network_error and no status", async () => {
        const err = await rejection(createAttioClient({ apiKey: env.token, baseUrl: "http://127.0.0.1:9/v2", timeoutMs: 5_000 }).self());
        expect(err).toMatchObject({ name: "AttioError", status: null, code: "network_error", retryable: true });
      });

      it("a response of the wrong shape is a non-retryable invalid_response", async () => {
        const bodies: [number, string][] = [
          [200, JSON.stringify({ data: { id: {}, web_url: "https://app.attio.com/x", values: {} } })],
          [200, JSON.stringify({ data: [{ id: { record_id: 42 }, values: {} }] })],
          [200, JSON.stringify({ records: [] })],
          [200, "<html>ok</html>"],
        ];
        for (const [status, body] of bodies) {
          const malformed: typeof fetch = async () => new Response(body, { status, headers: { "Content-Type": "application/json" } });
          const c = createAttioClient({ apiKey: env.token, baseUrl: env.baseUrl, fetch: malformed });
          const err = await rejection(c.upsertCompany({ name: "Shape Co", domain: "shape.example.com" }));
          expect(err).toMatchObject({ name: "AttioError", code: "invalid_response", retryable: false });
        }
        const notes: typeof fetch = async () => new Response(JSON.stringify({ data: [{ id: { note_id: "n" } }] }), { status: 200 });
        const c = createAttioClient({ apiKey: env.token, baseUrl: env.baseUrl, fetch: notes });
        await expect(c.findNoteByMarker("00000000-0000-4000-8000-000000000000", "m")).rejects.toMatchObject({
          code: "invalid_response",
        });
      });

      it("the token never appears in errors: message, stack, cause or JSON", async () => {
        const token = env.token;
        const echo =
          (status: number, body: string): typeof fetch =>
          async () =>
            new Response(body, { status });
        // Thunks, started one at a time: each failure is awaited where it happens.
        const failing: (() => Promise<unknown>)[] = [
          // Upstream bodies that echo the credential, JSON and not.
          () =>
            createAttioClient({
              apiKey: token,
              baseUrl: env.baseUrl,
              fetch: echo(500, `upstream saw Authorization: Bearer ${token}`),
            }).self(),
          () =>
            createAttioClient({
              apiKey: token,
              baseUrl: env.baseUrl,
              fetch: echo(400, JSON.stringify({ status_code: 400, type: "invalid_request_error", code: "x", message: `bad ${token}` })),
            }).self(),
          // A fetch that throws with the token in its message.
          () =>
            createAttioClient({
              apiKey: token,
              baseUrl: env.baseUrl,
              fetch: async () => {
                throw new TypeError(`fetch failed for ${token}`);
              },
            }).self(),
          () => createAttioClient({ apiKey: token, baseUrl: "http://127.0.0.1:9/v2" }).self(),
          // A rejected token (401).
          () => client({ apiKey: `${token}-wrong` }).upsertCompany({ name: "x" }),
        ];
        if (onFake) {
          failing.push(async () => {
            env.fake!.setFaults({ timeoutRate: 1, timeoutMs: 2_000 });
            try {
              return await client({ timeoutMs: 100 }).self();
            } finally {
              env.fake!.setFaults({});
            }
          });
        }
        for (const call of failing) {
          const err = await rejection(call());
          expect(err).toBeInstanceOf(AttioError);
          const e = err as AttioError;
          const surfaces = [
            e.message,
            e.stack ?? "",
            JSON.stringify(e),
            String(e.cause ?? ""),
            (e.cause as Error | undefined)?.stack ?? "",
            inspect(e, { depth: 10 }),
          ];
          for (const s of surfaces) expect(s).not.toContain(token);
        }
      });
    });

    // ----------------------------------------------------------------------------------------
    it("every captured request and success response conformed to Attio's OpenAPI document", () => {
      // The per-test afterEach hook validates as it goes; this makes sure the check had material.
      expect(exchanges.length).toBeGreaterThan(20);
      expect(exchanges.some((x) => x.status === 200 && x.method === "PATCH")).toBe(true);
      expect(exchanges.some((x) => x.status === 200 && x.path.endsWith("/notes"))).toBe(true);
    });
  });
}
