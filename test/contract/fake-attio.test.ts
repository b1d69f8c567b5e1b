/**
 * Behaviour of the fake Attio server, checked over real HTTP with plain fetch (no app client).
 * Every 200 from /v2 is also checked against Attio's OpenAPI document (see `call`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";
import {
  FAKE_ATTIO_DEFAULT_TOKEN,
  FAKE_ATTIO_FULL_SCOPES,
  FAKE_ATTIO_SCOPELESS_TOKEN,
  startFakeAttio,
  type FakeAttio,
  type FakeAttioOptions,
} from "../../fake-attio/server";

// Response bodies are arbitrary JSON; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

const openapi = createOpenApiValidator();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ATTIO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
const MISSING = "00000000-0000-4000-8000-000000000404";

let fake: FakeAttio;

interface CallOptions {
  token?: string | null; // null: no Authorization header
  authorization?: string; // raw header value
  raw?: string; // raw body text instead of JSON.stringify(body)
  server?: FakeAttio;
}

/** One HTTP call; every 200 from /v2 must conform to the OpenAPI response schema. */
async function call(method: string, path: string, body?: unknown, o: CallOptions = {}): Promise<Res> {
  const server = o.server ?? fake;
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = o.token === undefined ? server.token : o.token;
  if (o.authorization) headers.authorization = o.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const r = await fetch(server.origin + path, { method, headers, body: payload });
  const text = await r.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (r.status === 200 && path.startsWith("/v2")) {
    expect(openapi.validateResponse(method, path, 200, json), `${method} ${path} conforms to OpenAPI`).toEqual([]);
  }
  return { status: r.status, headers: r.headers, text, json };
}

async function ok(method: string, path: string, body?: unknown, o?: CallOptions): Promise<Json> {
  const r = await call(method, path, body, o);
  expect(r.status, `${method} ${path}: ${r.text}`).toBe(200);
  return r.json;
}

function personValues(first: string, last: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: [{ first_name: first, last_name: last, full_name: `${first} ${last}` }], ...extra };
}

async function createPerson(values: Record<string, unknown>, o?: CallOptions): Promise<Json> {
  return (await ok("POST", "/v2/objects/people/records", { data: { values } }, o)).data;
}

async function createCompany(values: Record<string, unknown>, o?: CallOptions): Promise<Json> {
  return (await ok("POST", "/v2/objects/companies/records", { data: { values } }, o)).data;
}

function idOf(record: Json): string {
  return record.id.record_id;
}

function expectError(r: Res, status: number, code: string, type = "invalid_request_error"): void {
  expect(r.status, r.text).toBe(status);
  expect(r.json).toMatchObject({ status_code: status, type, code });
  expect(validateErrorEnvelope(status, r.json)).toEqual([]);
}

async function withFake<T>(opts: FakeAttioOptions, fn: (f: FakeAttio) => Promise<T>): Promise<T> {
  const f = await startFakeAttio(opts);
  try {
    return await fn(f);
  } finally {
    await f.close();
  }
}

beforeAll(async () => {
  // The shared instance runs without rate limiting; the limiter has its own instances below.
  fake = await startFakeAttio({ rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

// -----------------------------------------------------------------------------------------------
describe("envelopes and status codes", () => {
  it("create answers 200 with {data: record}", async () => {
    const r = await call("POST", "/v2/objects/companies/records", { data: { values: { name: ["Acme"] } } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(["data"]);
    expect(r.json.data.id.record_id).toMatch(UUID);
  });

  it("query answers {data: [...]} with no totals or cursor", async () => {
    await createCompany({ name: ["Acme"] });
    const body = await ok("POST", "/v2/objects/companies/records/query", {});
    expect(Object.keys(body)).toEqual(["data"]);
    expect(body.data).toHaveLength(1);
  });

  it("record DELETE answers {}", async () => {
    const c = await createCompany({ name: ["Acme"] });
    expect(await ok("DELETE", `/v2/objects/companies/records/${idOf(c)}`)).toEqual({});
  });

  it("GET /v2/self answers the top-level shape with the token's scopes", async () => {
    const self = await ok("GET", "/v2/self");
    expect(self.data).toBeUndefined();
    expect(self).toMatchObject({ active: true, token_type: "Bearer", iss: "attio.com", workspace_slug: "leadsync-fake" });
    expect(self.scope.split(" ").sort()).toEqual([...FAKE_ATTIO_FULL_SCOPES].sort());
    expect(self.workspace_id).toBe(fake.workspaceId);
  });

  it("GET /v2/self reports the scopes configured for a custom token", async () => {
    await withFake({ tokens: { custom: { scopes: ["record_permission:read", "note:read"] } } }, async (f) => {
      expect(f.token).toBe("custom");
      const self = await ok("GET", "/v2/self", undefined, { server: f });
      expect(self.scope).toBe("record_permission:read note:read");
    });
  });

  it.each([
    ["unknown record", "GET", `/v2/objects/people/records/${MISSING}`, 404, "not_found"],
    ["unknown object", "GET", `/v2/objects/deals/records/${MISSING}`, 404, "not_found"],
    ["unknown note", "GET", `/v2/notes/${MISSING}`, 404, "not_found"],
    ["unknown route", "GET", "/v2/nothing-here", 404, "not_found"],
  ])("error bodies carry status_code/type/code/message: %s", async (_name, method, path, status, code) => {
    expectError(await call(method, path), status, code);
  });

  it("a malformed JSON body answers 400 validation_type", async () => {
    expectError(await call("POST", "/v2/objects/people/records", undefined, { raw: "{not json" }), 400, "validation_type");
  });

  it("a write without the {data: {values}} envelope answers 400 validation_type", async () => {
    expectError(await call("POST", "/v2/objects/people/records", { values: {} }), 400, "validation_type");
  });

  it("paths outside /v2 answer 404", async () => {
    expect((await call("GET", "/objects/people/records")).status).toBe(404);
  });
});

// -----------------------------------------------------------------------------------------------
describe("authentication and scopes", () => {
  it("a request without Authorization answers 401 auth_error/unauthorized", async () => {
    const r = await call("POST", "/v2/objects/people/records/query", {}, { token: null });
    expectError(r, 401, "unauthorized", "auth_error");
    expect(r.json.message).toMatch(/^The Authorization header was not provided\./);
  });

  it("an unknown bearer token answers 401 auth_error/unauthorized", async () => {
    expectError(await call("GET", "/v2/self", undefined, { token: "nope" }), 401, "unauthorized", "auth_error");
  });

  it.each([
    ["Basic with the token as username", `Basic ${Buffer.from(`${FAKE_ATTIO_DEFAULT_TOKEN}:`).toString("base64")}`, 200],
    ["Basic with an unknown username", `Basic ${Buffer.from("nope:").toString("base64")}`, 401],
    ["lower-case bearer scheme", `bearer ${FAKE_ATTIO_DEFAULT_TOKEN}`, 200],
    ["an unsupported scheme", `Token ${FAKE_ATTIO_DEFAULT_TOKEN}`, 401],
  ])("auth header: %s", async (_name, authorization, status) => {
    expect((await call("GET", "/v2/self", undefined, { authorization })).status).toBe(status);
  });

  it.each([
    ["records query", "POST", "/v2/objects/people/records/query", {}, "Read access to the Records scope"],
    ["record create", "POST", "/v2/objects/people/records", { data: { values: {} } }, "Read-Write access to the Records scope"],
    ["notes list", "GET", "/v2/notes", undefined, "Read access to the Notes scope"],
    ["note create", "POST", "/v2/notes", { data: {} }, "Read-Write access to the Notes scope"],
  ])("the scopeless token gets 403 naming the missing scope: %s", async (_name, method, path, body, scope) => {
    const r = await call(method, path, body, { token: FAKE_ATTIO_SCOPELESS_TOKEN });
    expectError(r, 403, "unauthorized", "auth_error");
    expect(r.json.message).toContain(`requires scopes: `);
    expect(r.json.message).toContain(scope);
  });

  it("the scopeless token can still call /v2/self", async () => {
    const self = await ok("GET", "/v2/self", undefined, { token: FAKE_ATTIO_SCOPELESS_TOKEN });
    expect(self).toMatchObject({ active: true, scope: "" });
  });

  it("a read-only token may query but not create, and the 403 names only the missing scope", async () => {
    await withFake({ tokens: { ro: { scopes: ["record_permission:read", "object_configuration:read"] } } }, async (f) => {
      await ok("POST", "/v2/objects/people/records/query", {}, { server: f });
      const r = await call("POST", "/v2/objects/people/records", { data: { values: {} } }, { server: f });
      expectError(r, 403, "unauthorized", "auth_error");
      expect(r.json.message).toMatch(/requires scopes: Read-Write access to the Records scope\.$/);
    });
  });
});

// -----------------------------------------------------------------------------------------------
describe("record shape", () => {
  it("has an id triple of UUIDs, a 9-digit created_at and a /person/ web_url", async () => {
    const p = await createPerson(personValues("Ada", "Lovelace"));
    expect(p.id).toEqual({ workspace_id: fake.workspaceId, object_id: fake.objectIds.people, record_id: expect.stringMatching(UUID) });
    expect(p.created_at).toMatch(ATTIO_TS);
    expect(p.web_url).toBe(`https://app.attio.com/leadsync-fake/person/${idOf(p)}`);
  });

  it("companies use /company/ in web_url", async () => {
    const c = await createCompany({ name: ["Acme"] });
    expect(c.web_url).toBe(`https://app.attio.com/leadsync-fake/company/${idOf(c)}`);
  });

  it.each([
    ["people", ["record_id", "created_at", "created_by", "name", "email_addresses", "description", "job_title", "linkedin", "company"]],
    ["companies", ["record_id", "created_at", "created_by", "name", "domains", "description", "team"]],
  ])("%s list every attribute in values, empty ones as []", async (object, slugs) => {
    const r = (await ok("POST", `/v2/objects/${object}/records`, { data: { values: {} } })).data;
    expect(Object.keys(r.values).sort()).toEqual([...slugs].sort());
    for (const slug of slugs) if (!["record_id", "created_at", "created_by"].includes(slug)) expect(r.values[slug]).toEqual([]);
    expect(r.values.record_id[0]).toMatchObject({ value: idOf(r), attribute_type: "text" });
    expect(r.values.created_at[0]).toMatchObject({ value: r.created_at, attribute_type: "timestamp" });
    expect(r.values.created_by[0]).toMatchObject({ referenced_actor_type: "api-token", attribute_type: "actor-reference" });
  });

  it("value objects carry active_from/active_until/created_by_actor/attribute_type", async () => {
    const p = await createPerson({ job_title: "CTO" });
    expect(p.values.job_title).toEqual([
      {
        active_from: expect.stringMatching(ATTIO_TS),
        active_until: null,
        created_by_actor: { type: "api-token", id: expect.stringMatching(UUID) },
        value: "CTO",
        attribute_type: "text",
      },
    ]);
  });

  it("email values carry the derived fields", async () => {
    const p = await createPerson({ email_addresses: ["Ada.L@Mail.Example.co"] });
    expect(p.values.email_addresses[0]).toMatchObject({
      attribute_type: "email-address",
      email_address: "ada.l@mail.example.co",
      original_email_address: "Ada.L@Mail.Example.co",
      email_domain: "mail.example.co",
      email_root_domain: "example.co",
      email_local_specifier: "ada.l",
    });
  });

  it("domain values carry root_domain and names carry full_name", async () => {
    const c = await createCompany({ domains: ["app.attio.com"] });
    expect(c.values.domains[0]).toMatchObject({ attribute_type: "domain", domain: "app.attio.com", root_domain: "attio.com" });
    const p = await createPerson(personValues("Ada", "Lovelace"));
    expect(p.values.name[0]).toMatchObject({
      attribute_type: "personal-name",
      first_name: "Ada",
      last_name: "Lovelace",
      full_name: "Ada Lovelace",
    });
  });
});

// -----------------------------------------------------------------------------------------------
describe("write normalisation and validation", () => {
  it.each([
    ["text as a string", { job_title: "CTO" }, "job_title", { value: "CTO" }],
    ["text as {value}", { job_title: [{ value: "CTO" }] }, "job_title", { value: "CTO" }],
    ["email as a string in an array", { email_addresses: ["ada@example.com"] }, "email_addresses", { email_address: "ada@example.com" }],
    [
      "email as {email_address}",
      { email_addresses: [{ email_address: "ada@example.com" }] },
      "email_addresses",
      { email_address: "ada@example.com" },
    ],
    ["name as 'Last, First'", { name: "Lovelace, Ada" }, "name", { first_name: "Ada", last_name: "Lovelace", full_name: "Ada Lovelace" }],
    ["name without comma is all first name", { name: "Ada" }, "name", { first_name: "Ada", last_name: "", full_name: "Ada" }],
  ])("people accept %s", async (_name, values, slug, expected) => {
    const p = await createPerson(values);
    expect(p.values[slug]).toHaveLength(1);
    expect(p.values[slug][0]).toMatchObject(expected);
  });

  it.each([
    ["acme.com", "acme.com", "acme.com"],
    [{ domain: "acme.com" }, "acme.com", "acme.com"],
    ["https://www.Acme.com/about?x=1#top", "www.acme.com", "acme.com"],
    ["http://app.acme.io:8080/", "app.acme.io", "acme.io"],
    ["ACME.COM/path", "acme.com", "acme.com"],
  ])("domain %j is stored as %s (root %s)", async (input, domain, root) => {
    const c = await createCompany({ domains: [input] });
    expect(c.values.domains[0]).toMatchObject({ domain, root_domain: root });
  });

  it.each([
    ["email_addresses", "ada@example.com"],
    ["email_addresses", { email_address: "ada@example.com" }],
  ])("a bare (non-array) value for multiselect %s answers 400 validation_type", async (slug, value) => {
    expectError(await call("POST", "/v2/objects/people/records", { data: { values: { [slug]: value } } }), 400, "validation_type");
  });

  it("a bare string for companies.domains answers 400 validation_type", async () => {
    expectError(await call("POST", "/v2/objects/companies/records", { data: { values: { domains: "acme.com" } } }), 400, "validation_type");
  });

  it("a name object without full_name answers 400 validation_type with validation_errors", async () => {
    const r = await call("POST", "/v2/objects/people/records", {
      data: { values: { name: [{ first_name: "Ada", last_name: "Lovelace" }] } },
    });
    expectError(r, 400, "validation_type");
    expect(r.json.validation_errors).toEqual([expect.objectContaining({ code: "invalid_type", path: ["full_name"] })]);
  });

  it.each([
    "ada",
    "ada@",
    "@example.com",
    "ada@localhost",
    "a b@example.com",
    "ada@@example.com",
    "ada@example",
    "ada..l@example.com",
    "ada@exa_mple.com",
  ])("invalid email %j answers 400 validation_type", async (email) => {
    expectError(
      await call("POST", "/v2/objects/people/records", { data: { values: { email_addresses: [email] } } }),
      400,
      "validation_type",
    );
  });

  it.each(["not a domain", "localhost", "https://", "acme..com"])("invalid domain %j answers 400 validation_type", async (domain) => {
    expectError(await call("POST", "/v2/objects/companies/records", { data: { values: { domains: [domain] } } }), 400, "validation_type");
  });

  it("an unknown attribute slug answers 400", async () => {
    const r = await call("POST", "/v2/objects/people/records", { data: { values: { linkedin_url: "x" } } });
    expect(r.status).toBe(400);
    expect(r.json.message).toContain("linkedin_url");
  });

  it("writing a system attribute answers 400", async () => {
    expect((await call("POST", "/v2/objects/people/records", { data: { values: { record_id: "x" } } })).status).toBe(400);
  });

  it("person.company must reference an existing company", async () => {
    const r = await call("POST", "/v2/objects/people/records", {
      data: { values: { company: [{ target_object: "companies", target_record_id: MISSING }] } },
    });
    expect(r.status).toBe(400);
  });

  it.each([
    ["by record id", (id: string) => [{ target_object: "companies", target_record_id: id }]],
    ["by domains", () => [{ target_object: "companies", domains: [{ domain: "acme.com" }] }]],
    ["by bare domain string", () => ["acme.com"]],
  ])("person.company links %s and company.team follows", async (_name, ref) => {
    const c = await createCompany({ name: ["Acme"], domains: ["acme.com"] });
    const p = await createPerson({ company: ref(idOf(c)) });
    expect(p.values.company[0]).toMatchObject({
      target_object: "companies",
      target_record_id: idOf(c),
      attribute_type: "record-reference",
    });
    const company = await ok("GET", `/v2/objects/companies/records/${idOf(c)}`);
    expect(company.data.values.team.map((v: Json) => v.target_record_id)).toEqual([idOf(p)]);
  });

  it("writing company.team sets person.company (relationship kept in sync)", async () => {
    const p = await createPerson({});
    const c = await createCompany({ name: ["Acme"], team: [{ target_object: "people", target_record_id: idOf(p) }] });
    const person = await ok("GET", `/v2/objects/people/records/${idOf(p)}`);
    expect(person.data.values.company[0].target_record_id).toBe(idOf(c));
  });

  it("a single-value attribute given two values answers 400 validation_type", async () => {
    expectError(await call("POST", "/v2/objects/people/records", { data: { values: { job_title: ["a", "b"] } } }), 400, "validation_type");
  });
});

// -----------------------------------------------------------------------------------------------
describe("uniqueness", () => {
  it("creating a person with a taken email answers 400 uniqueness_conflict naming the record (never 409)", async () => {
    const first = await createPerson({ email_addresses: ["ada@example.com"] });
    const r = await call("POST", "/v2/objects/people/records", { data: { values: { email_addresses: ["ADA@example.com"] } } });
    expectError(r, 400, "uniqueness_conflict");
    expect(r.json.message).toContain('attribute with slug "email_addresses"');
    expect(r.json.message).toContain(idOf(first));
    expect(fake.stats().people).toBe(1);
  });

  it("creating a company with a taken domain (after normalisation) answers 400 uniqueness_conflict", async () => {
    await createCompany({ domains: ["acme.com"] });
    expectError(
      await call("POST", "/v2/objects/companies/records", { data: { values: { domains: ["https://acme.com/x"] } } }),
      400,
      "uniqueness_conflict",
    );
  });

  it.each(["PATCH", "PUT"])("%s adding an email owned by another record answers 400 uniqueness_conflict", async (method) => {
    await createPerson({ email_addresses: ["ada@example.com"] });
    const other = await createPerson({ email_addresses: ["grace@example.com"] });
    const r = await call(method, `/v2/objects/people/records/${idOf(other)}`, {
      data: { values: { email_addresses: ["ada@example.com"] } },
    });
    expectError(r, 400, "uniqueness_conflict");
    const after = await ok("GET", `/v2/objects/people/records/${idOf(other)}`);
    expect(after.data.values.email_addresses.map((v: Json) => v.email_address)).toEqual(["grace@example.com"]);
  });

  it("a record may re-send its own unique value", async () => {
    const p = await createPerson({ email_addresses: ["ada@example.com"] });
    await ok("PATCH", `/v2/objects/people/records/${idOf(p)}`, { data: { values: { email_addresses: ["ada@example.com"] } } });
  });

  it.each([
    ["people", { name: "Lovelace, Ada", linkedin: "https://www.linkedin.com/in/ada" }],
    ["companies", { name: "Acme" }],
  ])("%s with the same name/linkedin are allowed (not unique)", async (object, values) => {
    await ok("POST", `/v2/objects/${object}/records`, { data: { values } });
    await ok("POST", `/v2/objects/${object}/records`, { data: { values } });
    expect(fake.listRecords(object as "people" | "companies")).toHaveLength(2);
  });
});

// -----------------------------------------------------------------------------------------------
describe("assert (PUT /records?matching_attribute=)", () => {
  const assertPerson = (values: Record<string, unknown>) =>
    call("PUT", "/v2/objects/people/records?matching_attribute=email_addresses", { data: { values } });

  it("creates when nothing matches, then updates the same record; the body has no created flag", async () => {
    const a = await assertPerson({ email_addresses: ["ada@example.com"], job_title: "CTO" });
    expect(a.status).toBe(200);
    expect(Object.keys(a.json)).toEqual(["data"]);
    expect(Object.keys(a.json.data).sort()).toEqual(["created_at", "id", "values", "web_url"]);
    const b = await assertPerson({ email_addresses: ["ada@example.com"], job_title: "CEO" });
    expect(idOf(b.json.data)).toBe(idOf(a.json.data));
    expect(b.json.data.values.job_title[0].value).toBe("CEO");
    expect(fake.stats().people).toBe(1);
  });

  it("keeps existing values of the matching multiselect and adds the new ones", async () => {
    await createCompany({ domains: ["a.com", "b.com"] });
    const r = await ok("PUT", "/v2/objects/companies/records?matching_attribute=domains", {
      data: { values: { domains: ["a.com", "c.com"] } },
    });
    expect(r.data.values.domains.map((v: Json) => v.domain).sort()).toEqual(["a.com", "b.com", "c.com"]);
  });

  it("replaces the other multiselects in the payload", async () => {
    const p1 = await createPerson({});
    const p2 = await createPerson({});
    const c = await createCompany({ domains: ["acme.com"], team: [{ target_object: "people", target_record_id: idOf(p1) }] });
    const r = await ok("PUT", "/v2/objects/companies/records?matching_attribute=domains", {
      data: { values: { domains: ["acme.com"], team: [{ target_object: "people", target_record_id: idOf(p2) }] } },
    });
    expect(idOf(r.data)).toBe(idOf(c));
    expect(r.data.values.team.map((v: Json) => v.target_record_id)).toEqual([idOf(p2)]);
    expect((await ok("GET", `/v2/objects/people/records/${idOf(p1)}`)).data.values.company).toEqual([]);
  });

  it.each([
    ["people", "name"],
    ["people", "linkedin"],
    ["companies", "name"],
  ])("%s: matching on non-unique %s answers 400 matching_attribute_definition_not_unique", async (object, slug) => {
    const r = await call("PUT", `/v2/objects/${object}/records?matching_attribute=${slug}`, { data: { values: { [slug]: "x" } } });
    expectError(r, 400, "matching_attribute_definition_not_unique");
  });

  it("an unknown matching_attribute answers 400 value_not_found", async () => {
    const r = await call("PUT", "/v2/objects/people/records?matching_attribute=emails", { data: { values: {} } });
    expectError(r, 400, "value_not_found");
    expect(r.json.message).toBe('No attribute was found for matching_attribute slug/ID "emails".');
  });

  it("values matching two different records answer 400 multiple_match_results", async () => {
    await createPerson({ email_addresses: ["a@example.com"] });
    await createPerson({ email_addresses: ["b@example.com"] });
    expectError(await assertPerson({ email_addresses: ["a@example.com", "b@example.com"] }), 400, "multiple_match_results");
  });

  it("without a value for the matching attribute answers 400 missing_value", async () => {
    expectError(await assertPerson({ job_title: "CTO" }), 400, "missing_value");
  });
});

// -----------------------------------------------------------------------------------------------
describe("PATCH vs PUT on /records/{id}", () => {
  it("PATCH prepends multiselect values", async () => {
    const p = await createPerson({ email_addresses: ["old@example.com"] });
    const r = await ok("PATCH", `/v2/objects/people/records/${idOf(p)}`, { data: { values: { email_addresses: ["new@example.com"] } } });
    expect(r.data.values.email_addresses.map((v: Json) => v.email_address)).toEqual(["new@example.com", "old@example.com"]);
  });

  it("PUT replaces multiselect values", async () => {
    const p = await createPerson({ email_addresses: ["old@example.com"] });
    const r = await ok("PUT", `/v2/objects/people/records/${idOf(p)}`, { data: { values: { email_addresses: ["new@example.com"] } } });
    expect(r.data.values.email_addresses.map((v: Json) => v.email_address)).toEqual(["new@example.com"]);
  });

  it.each(["PATCH", "PUT"])("%s overwrites single values and leaves omitted attributes untouched", async (method) => {
    const p = await createPerson({ job_title: "CTO", description: "keep me", email_addresses: ["ada@example.com"] });
    const r = await ok(method, `/v2/objects/people/records/${idOf(p)}`, { data: { values: { job_title: "CEO" } } });
    expect(r.data.values.job_title.map((v: Json) => v.value)).toEqual(["CEO"]);
    expect(r.data.values.description[0].value).toBe("keep me");
    expect(r.data.values.email_addresses).toHaveLength(1);
  });

  it("an empty list clears an attribute", async () => {
    const p = await createPerson({ job_title: "CTO" });
    const r = await ok("PATCH", `/v2/objects/people/records/${idOf(p)}`, { data: { values: { job_title: [] } } });
    expect(r.data.values.job_title).toEqual([]);
  });

  it.each([
    ["GET", undefined],
    ["PATCH", { data: { values: {} } }],
    ["PUT", { data: { values: {} } }],
    ["DELETE", undefined],
  ])("%s on an unknown record answers 404 not_found with Attio's message", async (method, body) => {
    const r = await call(method, `/v2/objects/people/records/${MISSING}`, body);
    expectError(r, 404, "not_found");
    expect(r.json.message).toBe(`Record with ID "${MISSING}" not found.`);
  });

  it("an unknown object slug answers 404 with Attio's message", async () => {
    const r = await call("POST", "/v2/objects/deals/records/query", {});
    expectError(r, 404, "not_found");
    expect(r.json.message).toBe('Object with slug/ID "deals" not found.');
  });

  it("objects are addressable by their UUID", async () => {
    await createPerson({});
    const body = await ok("POST", `/v2/objects/${fake.objectIds.people}/records/query`, {});
    expect(body.data).toHaveLength(1);
  });

  it("a deleted record is gone", async () => {
    const p = await createPerson({});
    await ok("DELETE", `/v2/objects/people/records/${idOf(p)}`);
    expect((await call("GET", `/v2/objects/people/records/${idOf(p)}`)).status).toBe(404);
  });
});

// -----------------------------------------------------------------------------------------------
describe("query engine", () => {
  let ada: Json, grace: Json, alan: Json, acme: Json, navy: Json;

  beforeEach(async () => {
    acme = await createCompany({ name: ["Acme Corp"], domains: ["app.acme.com"] });
    navy = await createCompany({ name: ["US Navy"], domains: ["navy.mil"] });
    ada = await createPerson(
      personValues("Ada", "Lovelace", {
        email_addresses: ["ada@example.com"],
        linkedin: "https://www.linkedin.com/in/ada",
        job_title: "CTO",
        company: [{ target_object: "companies", target_record_id: idOf(acme) }],
      }),
    );
    grace = await createPerson(
      personValues("Grace", "Hopper", {
        email_addresses: ["grace@navy.mil", "g.hopper@example.com"],
        linkedin: "https://www.linkedin.com/in/grace",
        job_title: "Rear Admiral",
        company: [{ target_object: "companies", target_record_id: idOf(navy) }],
      }),
    );
    alan = await createPerson(personValues("Alan", "Turing", { email_addresses: ["alan@example.org"] }));
  });

  const names = (body: Json) => body.data.map((r: Json) => r.values.name[0]?.first_name);
  const people = async (filter: unknown, extra: Record<string, unknown> = {}) =>
    names(await ok("POST", "/v2/objects/people/records/query", { filter, ...extra }));

  it.each<[string, () => unknown, string[]]>([
    ["email shorthand", () => ({ email_addresses: "ada@example.com" }), ["Ada"]],
    ["email shorthand is normalised", () => ({ email_addresses: "ADA@Example.com" }), ["Ada"]],
    ["email verbose $eq", () => ({ email_addresses: { email_address: { $eq: "grace@navy.mil" } } }), ["Grace"]],
    ["a second email matches", () => ({ email_addresses: "g.hopper@example.com" }), ["Grace"]],
    ["email_domain property", () => ({ email_addresses: { email_domain: "example.com" } }), ["Ada", "Grace"]],
    ["$in on emails", () => ({ email_addresses: { $in: ["ada@example.com", "alan@example.org"] } }), ["Ada", "Alan"]],
    ["$ends_with on emails", () => ({ email_addresses: { $ends_with: "example.org" } }), ["Alan"]],
    ["linkedin shorthand (exact string)", () => ({ linkedin: "https://www.linkedin.com/in/ada" }), ["Ada"]],
    ["linkedin shorthand is case-sensitive", () => ({ linkedin: "https://www.linkedin.com/in/ADA" }), []],
    ["$contains is case-insensitive", () => ({ linkedin: { $contains: "LINKEDIN.com/in/ada" } }), ["Ada"]],
    ["$starts_with", () => ({ job_title: { $starts_with: "rear" } }), ["Grace"]],
    ["$not_empty true", () => ({ linkedin: { $not_empty: true } }), ["Ada", "Grace"]],
    ["$not_empty false", () => ({ linkedin: { $not_empty: false } }), ["Alan"]],
    ["name shorthand compares full_name", () => ({ name: "Ada Lovelace" }), ["Ada"]],
    ["name last_name $contains", () => ({ name: { last_name: { $contains: "love" } } }), ["Ada"]],
    ["several keys are ANDed", () => ({ email_addresses: { email_domain: "example.com" }, job_title: "CTO" }), ["Ada"]],
    ["$or", () => ({ $or: [{ email_addresses: "ada@example.com" }, { linkedin: "https://www.linkedin.com/in/grace" }] }), ["Ada", "Grace"]],
    ["$and", () => ({ $and: [{ email_addresses: { email_domain: "example.com" } }, { job_title: { $contains: "admiral" } }] }), ["Grace"]],
    ["$not", () => ({ $not: { email_addresses: "ada@example.com" } }), ["Grace", "Alan"]],
    [
      "nested logic",
      () => ({ $or: [{ $and: [{ job_title: "CTO" }, { $not: { linkedin: { $not_empty: false } } }] }, { name: { first_name: "Alan" } }] }),
      ["Ada", "Alan"],
    ],
    ["record_id $in", () => ({ record_id: { $in: [idOf(ada), idOf(alan)] } }), ["Ada", "Alan"]],
    ["record_id shorthand", () => ({ record_id: idOf(grace) }), ["Grace"]],
    ["company reference", () => ({ company: { target_object: "companies", target_record_id: idOf(acme) } }), ["Ada"]],
    ["company reference $in", () => ({ company: { target_record_id: { $in: [idOf(acme), idOf(navy)] } } }), ["Ada", "Grace"]],
    [
      "path through company to domains",
      () => ({
        path: [
          ["people", "company"],
          ["companies", "domains"],
        ],
        constraints: { root_domain: "acme.com" },
      }),
      ["Ada"],
    ],
    ["created_at $gte", () => ({ created_at: { $gte: alan.created_at } }), ["Alan"]],
    ["created_at $lt", () => ({ created_at: { $lt: grace.created_at } }), ["Ada"]],
  ])("people filter: %s", async (_name, filter, expected) => {
    expect(await people(filter())).toEqual(expected);
  });

  it.each<[string, unknown, string[]]>([
    ["name shorthand (text, exact)", { name: "Acme Corp" }, ["Acme Corp"]],
    ["name $contains", { name: { $contains: "acme" } }, ["Acme Corp"]],
    ["domains shorthand", { domains: "app.acme.com" }, ["Acme Corp"]],
    ["domains root_domain", { domains: { root_domain: "acme.com" } }, ["Acme Corp"]],
    ["domains $not_empty", { domains: { $not_empty: true } }, ["Acme Corp", "US Navy"]],
  ])("companies filter: %s", async (_name, filter, expected) => {
    const body = await ok("POST", "/v2/objects/companies/records/query", { filter });
    expect(body.data.map((r: Json) => r.values.name[0].value)).toEqual(expected);
  });

  it("team (inverse reference) is filterable on companies", async () => {
    const body = await ok("POST", "/v2/objects/companies/records/query", {
      filter: { team: { target_object: "people", target_record_id: idOf(grace) } },
    });
    expect(body.data.map((r: Json) => idOf(r))).toEqual([idOf(navy)]);
  });

  it.each([
    ["name last_name asc", [{ direction: "asc", attribute: "name", field: "last_name" }], ["Grace", "Ada", "Alan"]],
    ["name last_name desc", [{ direction: "desc", attribute: "name", field: "last_name" }], ["Alan", "Ada", "Grace"]],
    ["job_title asc, empty last", [{ direction: "asc", attribute: "job_title" }], ["Ada", "Grace", "Alan"]],
    ["job_title desc, empty last", [{ direction: "desc", attribute: "job_title" }], ["Grace", "Ada", "Alan"]],
  ])("sorts: %s", async (_name, sorts, expected) => {
    expect(await people(undefined, { sorts })).toEqual(expected);
  });

  it("limit and offset page through results", async () => {
    const sorts = [{ direction: "asc", attribute: "name", field: "first_name" }];
    expect(await people(undefined, { sorts, limit: 2 })).toEqual(["Ada", "Alan"]);
    expect(await people(undefined, { sorts, limit: 2, offset: 2 })).toEqual(["Grace"]);
    expect(await people(undefined, { sorts, limit: 2, offset: 4 })).toEqual([]);
  });

  it("limit defaults to 500", async () => {
    fake.reset();
    for (let i = 0; i < 501; i++) await createCompany({});
    expect((await ok("POST", "/v2/objects/companies/records/query", {})).data).toHaveLength(500);
    expect((await ok("POST", "/v2/objects/companies/records/query", { offset: 500 })).data).toHaveLength(1);
  });

  it("an unknown filter slug answers 400 unknown_filter_attribute_slug with its path", async () => {
    const r = await call("POST", "/v2/objects/people/records/query", { filter: { linkedin_url: "x" } });
    expectError(r, 400, "unknown_filter_attribute_slug");
    expect(r.json).toMatchObject({ message: "Unknown attribute slug: linkedin_url.", path: ["linkedin_url"] });
  });

  it.each([
    ["unknown operator", { linkedin: { $ne: "x" } }],
    ["unknown property", { email_addresses: { domain: "x" } }],
    ["$in without array", { linkedin: { $in: "x" } }],
    ["$contains on a reference", { company: { target_record_id: { $contains: "x" } } }],
    ["$or without array", { $or: { linkedin: "x" } }],
  ])("a malformed filter answers 400 filter_error: %s", async (_name, filter) => {
    expectError(await call("POST", "/v2/objects/people/records/query", { filter }), 400, "filter_error");
  });

  it.each([
    ["an array", "[]"],
    ["a string", '"x"'],
    ["empty", ""],
    ["a negative limit", '{"limit": -1}'],
  ])("a query body that is %s answers 400 validation_type", async (_name, raw) => {
    expectError(await call("POST", "/v2/objects/people/records/query", undefined, { raw }), 400, "validation_type");
  });
});

// -----------------------------------------------------------------------------------------------
describe("notes", () => {
  let person: Json;
  beforeEach(async () => {
    person = await createPerson(personValues("Ada", "Lovelace"));
  });

  const noteBody = (extra: Record<string, unknown> = {}) => ({
    data: {
      parent_object: "people",
      parent_record_id: idOf(person),
      title: "Sync snapshot",
      format: "markdown",
      content: "# Lead\n- **Email:** ada@example.com",
      ...extra,
    },
  });
  const createNote = async (extra: Record<string, unknown> = {}) => (await ok("POST", "/v2/notes", noteBody(extra))).data;

  it("create answers the note with plaintext and markdown renderings", async () => {
    const n = await createNote();
    expect(n).toEqual({
      id: { workspace_id: fake.workspaceId, note_id: expect.stringMatching(UUID) },
      parent_object: "people",
      parent_record_id: idOf(person),
      title: "Sync snapshot",
      meeting_id: null,
      content_plaintext: "Lead\nEmail: ada@example.com",
      content_markdown: "# Lead\n- **Email:** ada@example.com",
      tags: [],
      created_by_actor: { type: "api-token", id: expect.stringMatching(UUID) },
      created_at: expect.stringMatching(ATTIO_TS),
    });
  });

  it.each([
    ["## Title\n\nSome *italic*, __bold__, ~~gone~~ and ==marked== [link](https://x.y)", "Title\nSome italic, bold, gone and marked link"],
    ["1. first\n2. second\n* star\n+ plus", "1. first\n2. second\nstar\nplus"],
  ])("markdown %j renders plaintext %j", async (content, plaintext) => {
    expect((await createNote({ content })).content_plaintext).toBe(plaintext);
  });

  it("plaintext notes keep their content in both renderings", async () => {
    const n = await createNote({ format: "plaintext", content: "line 1\n**not bold**" });
    expect(n.content_plaintext).toBe("line 1\n**not bold**");
    expect(n.content_markdown).toBe("line 1\n**not bold**");
  });

  it("missing required fields answer 400 validation_type naming each", async () => {
    const r = await call("POST", "/v2/notes", { data: {} });
    expectError(r, 400, "validation_type");
    expect(r.json.validation_errors.map((e: Json) => e.path.join("."))).toEqual([
      "data.parent_object",
      "data.parent_record_id",
      "data.title",
      "data.format",
      "data.content",
    ]);
  });

  it.each([
    ["an unknown format", { format: "html" }],
    ["created_at in the future", { created_at: new Date(Date.now() + 3_600_000).toISOString() }],
    ["created_at before 1970", { created_at: "1969-12-31T23:59:59Z" }],
    ["an unparseable created_at", { created_at: "yesterday" }],
    ["a non-UUID parent_record_id", { parent_record_id: "abc" }],
  ])("%s answers 400 validation_type", async (_name, extra) => {
    expectError(await call("POST", "/v2/notes", noteBody(extra)), 400, "validation_type");
  });

  it("a backdated created_at is kept in Attio's format", async () => {
    expect((await createNote({ created_at: "2026-01-01T12:00:00Z" })).created_at).toBe("2026-01-01T12:00:00.000000000Z");
  });

  it("an unknown parent object answers 404", async () => {
    const r = await call("POST", "/v2/notes", noteBody({ parent_object: "deals" }));
    expectError(r, 404, "not_found");
    expect(r.json.message).toBe('Object with slug/ID "deals" not found.');
  });

  it("an unknown parent record answers 404 (fake's choice)", async () => {
    const r = await call("POST", "/v2/notes", noteBody({ parent_record_id: MISSING }));
    expectError(r, 404, "not_found");
    expect(r.json.message).toBe(`Record with ID "${MISSING}" not found.`);
  });

  it("list defaults to 10, oldest first, and pages with offset", async () => {
    for (let i = 0; i < 12; i++) await createNote({ title: `n${i}` });
    const first = await ok("GET", "/v2/notes");
    expect(first.data.map((n: Json) => n.title)).toEqual(["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"]);
    const rest = await ok("GET", "/v2/notes?offset=10");
    expect(rest.data.map((n: Json) => n.title)).toEqual(["n10", "n11"]);
  });

  it("a backdated note sorts before newer ones", async () => {
    await createNote({ title: "now" });
    await createNote({ title: "old", created_at: "2020-01-01T00:00:00Z" });
    expect((await ok("GET", "/v2/notes")).data.map((n: Json) => n.title)).toEqual(["old", "now"]);
  });

  it("limit 50 is accepted and limit 51 answers 400 validation_type", async () => {
    await ok("GET", "/v2/notes?limit=50");
    expectError(await call("GET", "/v2/notes?limit=51"), 400, "validation_type");
  });

  it.each(["abc", "-1", "1.5"])("limit=%s answers 400 validation_type", async (limit) => {
    expectError(await call("GET", `/v2/notes?limit=${limit}`), 400, "validation_type");
  });

  it("filters by parent_object and parent_record_id", async () => {
    const other = await createPerson({});
    const company = await createCompany({});
    await createNote({ title: "ada" });
    await createNote({ title: "other", parent_record_id: idOf(other) });
    await createNote({ title: "company", parent_object: "companies", parent_record_id: idOf(company) });
    const titles = async (q: string) => (await ok("GET", `/v2/notes?${q}`)).data.map((n: Json) => n.title);
    expect(await titles(`parent_object=people&parent_record_id=${idOf(person)}`)).toEqual(["ada"]);
    expect(await titles("parent_object=people")).toEqual(["ada", "other"]);
    expect(await titles(`parent_record_id=${idOf(company)}`)).toEqual(["company"]);
  });

  it("list with an unknown parent_object answers 404", async () => {
    expectError(await call("GET", "/v2/notes?parent_object=deals"), 404, "not_found");
  });

  it("GET and DELETE by id; unknown ids answer 404 with Attio's message", async () => {
    const n = await createNote();
    const id = n.id.note_id;
    expect((await ok("GET", `/v2/notes/${id}`)).data).toEqual(n);
    expect(await ok("DELETE", `/v2/notes/${id}`)).toEqual({});
    for (const method of ["GET", "DELETE"]) {
      const r = await call(method, `/v2/notes/${id}`);
      expectError(r, 404, "not_found");
      expect(r.json.message).toBe(`Note with ID "${id}" was not found.`);
    }
  });

  it("deleting the parent record deletes its notes", async () => {
    await createNote();
    await ok("DELETE", `/v2/objects/people/records/${idOf(person)}`);
    expect(fake.stats().notes).toBe(0);
  });
});

// -----------------------------------------------------------------------------------------------
describe("rate limiting", () => {
  let limited: FakeAttio;
  beforeAll(async () => {
    limited = await startFakeAttio({ rateLimit: { writesPerSecond: 3, readsPerSecond: 5 } });
  });
  afterAll(async () => {
    await limited.close();
  });
  beforeEach(() => limited.reset());

  const create = (i: number) =>
    call("POST", "/v2/objects/companies/records", { data: { values: { name: [`c${i}`] } } }, { server: limited });

  it("the write beyond the budget answers 429 with the documented body and an HTTP-date Retry-After in the future", async () => {
    const sentAt = Date.now();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await create(i)).status);
    const r = await create(4);
    if (Date.now() - sentAt < 1000) expect(statuses).toEqual([200, 200, 200, 429]);
    expectError(r, 429, "rate_limit_exceeded", "rate_limit_error");
    expect(r.json.message).toBe("Rate limit exceeded, please try again later");
    const ra = r.headers.get("retry-after");
    expect(ra).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const at = Date.parse(ra!);
    expect(at).toBeGreaterThan(sentAt);
    expect(at % 1000).toBe(0);
    expect(at - Date.now()).toBeLessThanOrEqual(2000);
  });

  it("a 429 is not processed", async () => {
    for (let i = 0; i < 5; i++) await create(i);
    const created = limited.stats().companies;
    expect(created).toBeLessThan(5);
    expect(limited.stats().status429).toBe(5 - created);
  });

  it("reads have their own budget and the records query counts as a read", async () => {
    for (let i = 0; i < 4; i++) await create(i);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await call("POST", "/v2/objects/companies/records/query", {}, { server: limited })).status);
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(5);
    expect(
      limited
        .requests()
        .filter((e) => e.path.endsWith("/query"))
        .every((e) => e.kind === "read"),
    ).toBe(true);
  });

  it("budgets are per token", async () => {
    await withFake(
      {
        rateLimit: { writesPerSecond: 1, readsPerSecond: 1 },
        tokens: {
          a: { scopes: ["record_permission:read-write", "object_configuration:read"] },
          b: { scopes: ["record_permission:read-write", "object_configuration:read"] },
        },
      },
      async (f) => {
        const q = (token: string) => call("POST", "/v2/objects/people/records/query", {}, { server: f, token });
        expect((await q("a")).status).toBe(200);
        expect((await q("b")).status).toBe(200);
        expect((await q("a")).status).toBe(429);
      },
    );
  });

  it("retrying at the Retry-After date succeeds, a retry before it is counted as early", async () => {
    let r: Res;
    let i = 0;
    do r = await create(i++);
    while (r.status !== 429);
    const body = { data: { values: { name: [`c${i - 1}`] } } };
    await call("POST", "/v2/objects/companies/records", body, { server: limited }); // immediate retry: early
    expect(limited.stats().earlyRetries).toBe(1);
    const wait = Date.parse(r.headers.get("retry-after")!) - Date.now();
    await new Promise((res) => setTimeout(res, Math.max(0, wait) + 5));
    expect((await call("POST", "/v2/objects/companies/records", body, { server: limited })).status).toBe(200);
    expect(limited.stats().earlyRetries).toBe(1);
    expect(limited.requests().filter((e) => e.early)).toHaveLength(1);
  });

  it("stats report the busiest second of processed requests", async () => {
    for (let i = 0; i < 6; i++) await create(i);
    const s = limited.stats();
    expect(s.maxWritesInAnySecond).toBeLessThanOrEqual(3);
    expect(s.maxWritesInAnySecond).toBeGreaterThanOrEqual(1);
  });

  it("setRateLimit(false) disables the limiter", async () => {
    limited.setRateLimit(false);
    for (let i = 0; i < 8; i++) expect((await create(i)).status).toBe(200);
  });

  it("the default limiter allows Attio's 25 writes per second", async () => {
    await withFake({}, async (f) => {
      const codes = await Promise.all(
        Array.from({ length: 26 }, (_, i) =>
          call("POST", "/v2/objects/companies/records", { data: { values: { name: [`c${i}`] } } }, { server: f }).then((x) => x.status),
        ),
      );
      expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(25);
      expect(f.stats().maxWritesInAnySecond).toBeLessThanOrEqual(25);
    });
  });
});

// -----------------------------------------------------------------------------------------------
describe("fault injection", () => {
  const create = () => call("POST", "/v2/objects/companies/records", { data: { values: { name: ["Acme"], domains: ["acme.com"] } } });

  it("errorRate answers 503 with a non-JSON body before processing", async () => {
    fake.setFaults({ errorRate: 1 });
    const r = await create();
    expect(r.status).toBe(503);
    expect(r.text).toBe("Service Unavailable");
    expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(r.json).toBeUndefined();
    expect(fake.stats()).toMatchObject({ companies: 0, status5xx: 1 });
  });

  it("errorStatus chooses the injected status", async () => {
    fake.setFaults({ errorRate: 1, errorStatus: 500 });
    const r = await create();
    expect([r.status, r.text]).toEqual([500, "Internal Server Error"]);
  });

  it("an injected 429 uses the documented JSON body and Retry-After", async () => {
    fake.setFaults({ errorRate: 1, errorStatus: 429 });
    const r = await create();
    expectError(r, 429, "rate_limit_exceeded", "rate_limit_error");
    expect(Date.parse(r.headers.get("retry-after")!)).toBeGreaterThan(Date.now() - 1000);
  });

  it("appliesTo limits faults to reads or writes", async () => {
    fake.setFaults({ errorRate: 1, appliesTo: "writes" });
    expect((await call("POST", "/v2/objects/companies/records/query", {})).status).toBe(200);
    expect((await create()).status).toBe(503);
    fake.setFaults({ errorRate: 1, appliesTo: "reads" });
    expect((await create()).status).toBe(200);
    expect((await call("GET", "/v2/self")).status).toBe(503);
  });

  it("timeoutRate holds the request, then destroys the socket without processing", async () => {
    fake.setFaults({ timeoutRate: 1, timeoutMs: 150 });
    const started = Date.now();
    await expect(create()).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.stats()).toMatchObject({ companies: 0, timeouts: 1 });
    expect(fake.requests()[0].status).toBe(0);
  });

  it("burst429 answers 429 to the next N requests only", async () => {
    fake.setFaults({ burst429: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call("GET", "/v2/self")).status);
    expect(codes).toEqual([429, 429, 200]);
    expect(fake.requests()[0].retryAfter).toMatch(/GMT$/);
    expect(fake.stats().status429).toBe(2);
  });

  it("failAfterProcessingRate applies the write, then answers 503; a blind retry hits uniqueness", async () => {
    fake.setFaults({ failAfterProcessingRate: 1 });
    const r = await create();
    expect(r.status).toBe(503);
    expect(r.text).toBe("Service Unavailable");
    expect(fake.stats().companies).toBe(1);
    fake.setFaults({});
    expectError(await create(), 400, "uniqueness_conflict");
    expect(fake.stats().duplicates.companiesByDomain).toBe(0);
  });

  it("a seed makes injected faults reproducible", async () => {
    const run = async () => {
      fake.setFaults({ errorRate: 0.5, seed: 42 });
      const codes = [];
      for (let i = 0; i < 12; i++) codes.push((await call("GET", "/v2/self")).status);
      return codes;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([200, 503]));
  });

  it("setFaults({}) clears faults", async () => {
    fake.setFaults({ errorRate: 1 });
    fake.setFaults({});
    expect((await call("GET", "/v2/self")).status).toBe(200);
  });

  it("setLatency delays every /v2 answer", async () => {
    fake.setLatency(120);
    const started = Date.now();
    await ok("GET", "/v2/self");
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });
});

// -----------------------------------------------------------------------------------------------
describe("stats", () => {
  it("counts duplicates by email, linkedin, domain, company name and note content", async () => {
    await createPerson({ linkedin: "https://www.linkedin.com/in/ada/" });
    const p = await createPerson({ linkedin: "http://linkedin.com/in/ADA" });
    await createPerson({ linkedin: "https://www.linkedin.com/in/grace" });
    await createCompany({ name: ["Acme"] });
    await createCompany({ name: [" acme "] });
    await createCompany({ name: ["ACME"] });
    const note = { data: { parent_object: "people", parent_record_id: idOf(p), title: "t", format: "markdown", content: "same" } };
    await ok("POST", "/v2/notes", note);
    await ok("POST", "/v2/notes", note);
    await ok("POST", "/v2/notes", { data: { ...note.data, content: "different" } });
    expect(fake.stats().duplicates).toEqual({
      peopleByEmail: 0,
      peopleByLinkedin: 1,
      companiesByDomain: 0,
      companiesByName: 2,
      notesByContent: 1,
    });
  });

  it("counts records, notes, requests, reads and writes", async () => {
    const p = await createPerson({});
    await ok("POST", "/v2/notes", {
      data: { parent_object: "people", parent_record_id: idOf(p), title: "t", format: "plaintext", content: "c" },
    });
    await ok("POST", "/v2/objects/people/records/query", {});
    await ok("GET", "/v2/self");
    expect(fake.stats()).toMatchObject({
      people: 1,
      companies: 0,
      notes: 1,
      requests: 4,
      reads: 2,
      writes: 2,
      status429: 0,
      status5xx: 0,
      timeouts: 0,
      earlyRetries: 0,
    });
  });

  it("logs each request with method, path, query, body, status and kind", async () => {
    await call("GET", "/v2/notes?limit=5");
    await call("POST", "/v2/objects/people/records", { data: { values: { job_title: "x" } } });
    expect(fake.requests()).toEqual([
      expect.objectContaining({ method: "GET", path: "/v2/notes", query: { limit: "5" }, body: undefined, status: 200, kind: "read" }),
      expect.objectContaining({
        method: "POST",
        path: "/v2/objects/people/records",
        body: { data: { values: { job_title: "x" } } },
        status: 200,
        kind: "write",
      }),
    ]);
  });
});

// -----------------------------------------------------------------------------------------------
describe("control API", () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${fake.origin}/__fake/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as Json };
  };

  it("GET /__fake/stats matches stats() and control calls are not counted", async () => {
    await createPerson({});
    const r = await control("GET", "stats");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ people: 1, requests: 1 });
    await control("GET", "stats");
    expect(fake.stats().requests).toBe(1);
  });

  it("GET /__fake/requests lists the log, control calls marked as such", async () => {
    await createPerson({});
    await control("GET", "stats");
    const r = await control("GET", "requests");
    expect(r.json.map((e: Json) => e.kind)).toEqual(["write", "control"]);
  });

  it("POST /__fake/reset clears records, notes, faults and counters", async () => {
    await createPerson({});
    fake.setFaults({ errorRate: 1, appliesTo: "reads" });
    await control("POST", "reset");
    expect(fake.stats()).toMatchObject({ people: 0, requests: 0 });
    expect((await call("GET", "/v2/self")).status).toBe(200);
  });

  it("POST /__fake/faults sets the fault config", async () => {
    await control("POST", "faults", { burst429: 1 });
    expect((await call("GET", "/v2/self")).status).toBe(429);
    expect((await call("GET", "/v2/self")).status).toBe(200);
  });

  it("POST /__fake/latency sets the latency", async () => {
    expect((await control("POST", "latency", { ms: 100 })).status).toBe(200);
    const started = Date.now();
    await call("GET", "/v2/self");
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect((await control("POST", "latency", { ms: -1 })).status).toBe(400);
  });

  it("POST /__fake/rate-limit sets or disables the limiter", async () => {
    await control("POST", "rate-limit", { writesPerSecond: 1, readsPerSecond: 1 });
    expect((await call("GET", "/v2/self")).status).toBe(200);
    expect((await call("GET", "/v2/self")).status).toBe(429);
    await control("POST", "rate-limit", false);
    expect((await call("GET", "/v2/self")).status).toBe(200);
  });

  it("listRecords/listNotes return API-shaped data and deleteRecord removes a record", async () => {
    const p = await createPerson(personValues("Ada", "Lovelace"));
    await ok("POST", "/v2/notes", {
      data: { parent_object: "people", parent_record_id: idOf(p), title: "t", format: "plaintext", content: "c" },
    });
    expect(fake.listRecords("people")).toEqual([p]);
    expect(fake.listNotes()).toHaveLength(1);
    expect((await control("GET", "records/people")).json).toEqual([p]);
    fake.deleteRecord("people", idOf(p));
    expect((await call("GET", `/v2/objects/people/records/${idOf(p)}`)).status).toBe(404);
    expect(fake.listNotes()).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------
describe("company auto-creation from email (optional emulation)", () => {
  it("creates or links a company from a work email's domain, not from free mail or over an explicit company", async () => {
    await withFake({ rateLimit: false, autoCreateCompanyFromEmail: true }, async (f) => {
      const o = { server: f };
      const ada = await createPerson({ email_addresses: ["ada@mail.acme.com"] }, o);
      const companies = f.listRecords("companies") as Json[];
      expect(companies).toHaveLength(1);
      expect(companies[0].values.domains[0].domain).toBe("acme.com");
      expect(ada.values.company[0].target_record_id).toBe(idOf(companies[0]));
      const bob = await createPerson({ email_addresses: ["bob@acme.com"] }, o);
      expect(bob.values.company[0].target_record_id).toBe(idOf(companies[0]));
      const eve = await createPerson({ email_addresses: ["eve@gmail.com"] }, o);
      expect(eve.values.company).toEqual([]);
      const other = await createCompany({ name: ["Other"] }, o);
      const carl = await createPerson(
        { email_addresses: ["carl@newco.io"], company: [{ target_object: "companies", target_record_id: idOf(other) }] },
        o,
      );
      expect(carl.values.company[0].target_record_id).toBe(idOf(other));
      expect(f.stats().companies).toBe(2);
    });
  });
});

// -----------------------------------------------------------------------------------------------
describe("OpenAPI conformance", () => {
  it("requests and responses of the main operations conform to Attio's OpenAPI document", async () => {
    const steps: [string, (ids: Record<string, string>) => string, (ids: Record<string, string>) => unknown][] = [
      ["POST", () => "/v2/objects/companies/records", () => ({ data: { values: { name: ["Acme"], domains: ["acme.com"] } } })],
      [
        "POST",
        () => "/v2/objects/people/records",
        (ids) => ({
          data: {
            values: {
              ...personValues("Ada", "Lovelace"),
              email_addresses: ["ada@acme.com"],
              job_title: ["CTO"],
              linkedin: ["https://www.linkedin.com/in/ada"],
              company: [{ target_object: "companies", target_record_id: ids.company }],
            },
          },
        }),
      ],
      [
        "PUT",
        () => "/v2/objects/people/records?matching_attribute=email_addresses",
        () => ({ data: { values: { email_addresses: ["ada@acme.com"], description: ["Met at an event"] } } }),
      ],
      [
        "POST",
        () => "/v2/objects/people/records/query",
        () => ({
          filter: { email_addresses: "ada@acme.com" },
          sorts: [{ direction: "asc", attribute: "name", field: "last_name" }],
          limit: 1,
          offset: 0,
        }),
      ],
      ["GET", (ids) => `/v2/objects/people/records/${ids.person}`, () => undefined],
      ["PATCH", (ids) => `/v2/objects/people/records/${ids.person}`, () => ({ data: { values: { email_addresses: ["ada2@acme.com"] } } })],
      ["PUT", (ids) => `/v2/objects/people/records/${ids.person}`, () => ({ data: { values: { email_addresses: ["ada@acme.com"] } } })],
      [
        "POST",
        () => "/v2/notes",
        (ids) => ({
          data: {
            parent_object: "people",
            parent_record_id: ids.person,
            title: "Sync",
            format: "markdown",
            content: "# Lead",
            created_at: "2026-01-01T12:00:00Z",
          },
        }),
      ],
      ["GET", (ids) => `/v2/notes?parent_object=people&parent_record_id=${ids.person}&limit=10&offset=0`, () => undefined],
      ["GET", (ids) => `/v2/notes/${ids.note}`, () => undefined],
      ["GET", () => "/v2/self", () => undefined],
      ["DELETE", (ids) => `/v2/notes/${ids.note}`, () => undefined],
      ["DELETE", (ids) => `/v2/objects/people/records/${ids.person}`, () => undefined],
    ];
    const ids: Record<string, string> = {};
    for (const [method, path, body] of steps) {
      const p = path(ids);
      const b = body(ids);
      expect(openapi.validateRequest(method, p, b), `${method} ${p} request`).toEqual([]);
      const r = await call(method, p, b); // `call` validates the 200 response
      expect(r.status, `${method} ${p}: ${r.text}`).toBe(200);
      expect(openapi.validateResponse(method, p, r.status, r.json)).toEqual([]);
      if (p === "/v2/objects/companies/records") ids.company = idOf(r.json.data);
      if (p === "/v2/objects/people/records") ids.person = idOf(r.json.data);
      if (p === "/v2/notes" && method === "POST") ids.note = r.json.data.id.note_id;
    }
  });

  it("the validator rejects a broken record body (negative control)", async () => {
    const c = await createCompany({ domains: ["acme.com"] });
    const broken = structuredClone({ data: c });
    delete broken.data.id.object_id;
    broken.data.values.domains[0].root_domain = 5;
    broken.data.values.domains[0].extra = true;
    const errors = openapi.validateResponse("GET", `/v2/objects/companies/records/${idOf(c)}`, 200, broken);
    expect(errors.join("\n")).toContain("object_id");
    expect(errors.join("\n")).toContain("root_domain");
    expect(errors.join("\n")).toContain('"extra"');
  });

  it("the validator reports request problems and undocumented statuses", () => {
    expect(openapi.validateRequest("PUT", "/v2/objects/people/records", { data: { values: {} } })).toEqual([
      'PUT /v2/objects/{object}/records: missing required query parameter "matching_attribute"',
    ]);
    expect(openapi.validateRequest("POST", "/v2/notes", { data: { title: "x" } }).length).toBeGreaterThan(0);
    expect(openapi.validateResponse("GET", "/v2/self", 429, {})[0]).toMatch(/status 429 is not documented/);
  });

  it.each([
    ["/v2/objects/people/records/query", "/v2/objects/{object}/records/query"],
    [`/v2/objects/people/records/${MISSING}`, "/v2/objects/{object}/records/{record_id}"],
    ["/v2/objects/people/records?matching_attribute=email_addresses", "/v2/objects/{object}/records"],
    [`http://127.0.0.1:4010/v2/notes/${MISSING}`, "/v2/notes/{note_id}"],
    ["/objects/companies/records", "/v2/objects/{object}/records"],
    ["/v2/notes/{note_id}", "/v2/notes/{note_id}"],
  ])("resolvePath(%s) is %s", (p, template) => {
    expect(openapi.resolvePath(p)).toBe(template);
  });
});
