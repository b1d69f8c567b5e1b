/** The fake Attio over real HTTP: write normalisation and validation, uniqueness, assert, and PATCH vs PUT. */
import { describe, expect, it } from "vitest";
import { MISSING, call, createCompany, createPerson, expectError, fake, idOf, ok, registerSharedFake } from "./fake-attio-helpers";
import type { Json } from "./fake-attio-helpers";

registerSharedFake();

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
