/** The fake Attio over real HTTP: envelopes, status codes, auth and scopes, and the record shape. */
import { describe, expect, it } from "vitest";
import { FAKE_ATTIO_DEFAULT_TOKEN, FAKE_ATTIO_FULL_SCOPES, FAKE_ATTIO_SCOPELESS_TOKEN } from "../../fake-attio/server";
import { ATTIO_TS, MISSING, UUID, call, createCompany, createPerson, expectError, fake, idOf, ok } from "./fake-attio-helpers";
import { personValues, registerSharedFake, withFake } from "./fake-attio-helpers";

registerSharedFake();

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
    [
      "people",
      [
        ...["record_id", "created_at", "created_by", "name", "email_addresses", "description", "job_title", "linkedin", "company"],
        ...["phone_numbers", "primary_location", "twitter", "facebook", "instagram", "angellist"],
      ],
    ],
    [
      "companies",
      [
        ...["record_id", "created_at", "created_by", "name", "domains", "description", "team", "primary_location", "foundation_date"],
        ...["linkedin", "twitter", "facebook", "instagram", "angellist"],
      ],
    ],
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
