/**
 * The fake's record merge (`POST /v2/objects/{object}/records/merge`, fake-attio/merge.ts) over real
 * HTTP. The OpenAPI copy lacks this beta endpoint, so its own answers are checked against the shape
 * Attio's docs give; every record read around it (GET, query, notes) is validated against OpenAPI.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";
import { FAKE_ATTIO_SCOPELESS_TOKEN, startFakeAttio, type FakeAttio } from "../../fake-attio/server";

// Response bodies are arbitrary JSON; tests index into them freely.
type Json = any;

const openapi = createOpenApiValidator();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let fake: FakeAttio;

async function call(method: string, path: string, body?: unknown, token = fake.token): Promise<{ status: number; json: Json }> {
  const r = await fetch(fake.origin + path, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  // The merge endpoint is not in the OpenAPI copy; everything else must conform.
  if (r.status === 200 && !path.endsWith("/records/merge")) {
    expect(openapi.validateResponse(method, path, 200, json), `${method} ${path} conforms to OpenAPI`).toEqual([]);
  }
  if (r.status >= 400) expect(validateErrorEnvelope(r.status, json)).toEqual([]);
  return { status: r.status, json };
}

async function create(object: string, values: Record<string, unknown>): Promise<string> {
  const res = await call("POST", `/v2/objects/${object}/records`, { data: { values } });
  expect(res.status).toBe(200);
  return res.json.data.id.record_id;
}

const merge = (object: string, primary: string, secondary: string) =>
  call("POST", `/v2/objects/${object}/records/merge`, { data: { primary_record_id: primary, secondary_record_id: secondary } });

const get = (object: string, id: string) => call("GET", `/v2/objects/${object}/records/${id}`);

describe("fake Attio: merging records", () => {
  beforeAll(async () => {
    fake = await startFakeAttio({ rateLimit: false });
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake?.close());

  it("merges two people into a new record: emails unioned, primary's single values first, notes moved, both old ids 404", async () => {
    const acme = await create("companies", { name: "Acme", domains: ["acme.io"] });
    const primary = await create("people", {
      name: "Ada Lovelace",
      email_addresses: ["ada@acme.io"],
      company: [{ target_object: "companies", target_record_id: acme }],
    });
    const secondary = await create("people", {
      name: "A. Lovelace",
      email_addresses: ["ada@gmail.com"],
      job_title: "CTO",
      linkedin: "https://www.linkedin.com/in/ada",
    });
    for (const parent of [primary, secondary]) {
      const note = await call("POST", "/v2/notes", {
        data: { parent_object: "people", parent_record_id: parent, title: "t", format: "plaintext", content: parent },
      });
      expect(note.status).toBe(200);
    }

    const res = await merge("people", primary, secondary);

    expect(res.status).toBe(200);
    const newId = res.json.data.new_record_id;
    expect(newId).toMatch(UUID);
    expect([primary, secondary]).not.toContain(newId);
    const merged = (await get("people", newId)).json.data;
    expect(merged.values.email_addresses.map((e: Json) => e.email_address)).toEqual(["ada@acme.io", "ada@gmail.com"]);
    expect(merged.values.name[0].full_name).toBe("Ada Lovelace");
    expect(merged.values.job_title[0].value).toBe("CTO");
    expect(merged.values.linkedin[0].value).toBe("https://www.linkedin.com/in/ada");
    expect(merged.values.company[0].target_record_id).toBe(acme);
    for (const old of [primary, secondary]) {
      const gone = await get("people", old);
      expect(gone.status).toBe(404);
      expect(gone.json.code).toBe("not_found");
    }
    const notes = await call("GET", `/v2/notes?parent_object=people&parent_record_id=${newId}`);
    expect(notes.json.data.map((n: Json) => n.content_plaintext).sort()).toEqual([primary, secondary].sort());
    // The company's team now lists the new person only.
    const team = (await get("companies", acme)).json.data.values.team.map((t: Json) => t.target_record_id);
    expect(team).toEqual([newId]);
    // The merged emails still identify one person: an assert lands on the new record.
    const asserted = await call("PUT", "/v2/objects/people/records?matching_attribute=email_addresses", {
      data: { values: { email_addresses: ["ada@gmail.com"] } },
    });
    expect(asserted.json.data.id.record_id).toBe(newId);
  });

  it("merges two companies: domains unioned, the primary's name kept, people of both linked to the new company", async () => {
    const primary = await create("companies", { name: "Globex", domains: ["globex.com"] });
    const secondary = await create("companies", { name: "Globex Corporation", domains: ["globex.io"] });
    const p1 = await create("people", { name: "Hank Scorpio", company: [{ target_object: "companies", target_record_id: primary }] });
    const p2 = await create("people", { name: "Homer Simpson", company: [{ target_object: "companies", target_record_id: secondary }] });

    const res = await merge("companies", primary, secondary);

    const newId = res.json.data.new_record_id;
    const merged = (await get("companies", newId)).json.data;
    expect(merged.values.name[0].value).toBe("Globex");
    expect(merged.values.domains.map((d: Json) => d.domain)).toEqual(["globex.com", "globex.io"]);
    expect(merged.values.team.map((t: Json) => t.target_record_id).sort()).toEqual([p1, p2].sort());
    for (const person of [p1, p2]) {
      expect((await get("people", person)).json.data.values.company[0].target_record_id).toBe(newId);
    }
    const byDomain = await call("POST", "/v2/objects/companies/records/query", { filter: { domains: "globex.io" } });
    expect(byDomain.json.data.map((c: Json) => c.id.record_id)).toEqual([newId]);
    expect(fake.listRecords("companies")).toHaveLength(1);
  });

  it("is not idempotent: repeating a merge answers 404, as Attio documents", async () => {
    const a = await create("people", { name: "One" });
    const b = await create("people", { name: "Two" });
    expect((await merge("people", a, b)).status).toBe(200);
    const again = await merge("people", a, b);
    expect(again.status).toBe(404);
    expect(again.json.code).toBe("not_found");
    expect(fake.listRecords("people")).toHaveLength(1);
  });

  it("rejects bad bodies, a record merged with itself, unknown objects and tokens without the Records scope", async () => {
    const a = await create("people", { name: "One" });
    const b = await create("people", { name: "Two" });
    const missing = await call("POST", "/v2/objects/people/records/merge", { data: { primary_record_id: a } });
    expect(missing.status).toBe(400);
    expect(missing.json.code).toBe("validation_type");
    const notUuid = await merge("people", a, "nope");
    expect(notUuid.status).toBe(400);
    expect((await merge("people", a, a)).status).toBe(400);
    expect((await merge("deals", a, b)).status).toBe(404);
    const scopeless = await call(
      "POST",
      "/v2/objects/people/records/merge",
      { data: { primary_record_id: a, secondary_record_id: b } },
      FAKE_ATTIO_SCOPELESS_TOKEN,
    );
    expect(scopeless.status).toBe(403);
    expect(fake.listRecords("people")).toHaveLength(2);
  });

  it("offers the same merge to in-process tests as fake.mergeRecords", async () => {
    const a = await create("companies", { name: "Initech", domains: ["initech.io"] });
    const b = await create("companies", { domains: ["initech.com"] });
    const newId = fake.mergeRecords("companies", b, a);
    const merged = (await get("companies", newId)).json.data;
    expect(merged.values.name[0].value).toBe("Initech");
    expect(merged.values.domains.map((d: Json) => d.domain)).toEqual(["initech.com", "initech.io"]);
    expect((await get("companies", a)).status).toBe(404);
  });

  it("answers 202 while a merge is in progress (control setting): the new record reads 404 merge_in_progress until the window passes", async () => {
    const a = await create("people", { name: "One" });
    const b = await create("people", { name: "Two" });
    const set = await fetch(`${fake.origin}/__fake/merges`, { method: "POST", body: JSON.stringify({ inProgressMs: 2000 }) });
    expect(set.status).toBe(200);

    const res = await merge("people", a, b);

    expect(res.status).toBe(202);
    const newId = res.json.data.new_record_id;
    const during = await get("people", newId);
    expect(during.status).toBe(404);
    expect(during.json.code).toBe("merge_in_progress");
    expect((await call("POST", "/v2/objects/people/records/query", {})).json.data).toEqual([]);
    await fake.webhooks.advance(2000);
    expect((await get("people", newId)).status).toBe(200);
  });

  it("moves the originals' list entries to the new record", async () => {
    const a = await create("people", { name: "One" });
    const b = await create("people", { name: "Two" });
    const entry = await call("POST", "/v2/lists/outbound_pipeline/entries", {
      data: { parent_record_id: b, parent_object: "people", entry_values: {} },
    });
    expect(entry.status).toBe(200);
    const newId = (await merge("people", a, b)).json.data.new_record_id;
    const got = await call("GET", `/v2/lists/outbound_pipeline/entries/${entry.json.data.id.entry_id}`);
    expect(got.json.data.parent_record_id).toBe(newId);
  });
});
