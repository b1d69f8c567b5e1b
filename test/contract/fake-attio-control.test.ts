/** The fake Attio over real HTTP: stats, the control API, company auto-creation and OpenAPI conformance. */
import { describe, expect, it } from "vitest";
import { MISSING, call, createCompany, createPerson, fake, idOf, ok, openapi, personValues } from "./fake-attio-helpers";
import { registerSharedFake, withFake } from "./fake-attio-helpers";
import type { Json } from "./fake-attio-helpers";

registerSharedFake();

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
