/**
 * Endpoints Attio's users (and a two-way sync) use beyond records and notes: entry updates and
 * deletes, a record's entries, objects, list creation, entry queries by attribute. Every 200 and
 * every request body is checked against Attio's OpenAPI document.
 */
import { describe, expect, it } from "vitest";
import { FAKE_ATTIO_FULL_SCOPES } from "../../fake-attio/server";
import {
  MISSING,
  call,
  createPerson,
  expectError,
  fake,
  idOf,
  ok,
  openapi,
  personValues,
  registerSharedFake,
  withFake,
  type Json,
} from "./fake-attio-helpers";

registerSharedFake();

const LIST = "outbound_pipeline";

async function entryFor(recordId: string, stage?: string): Promise<Json> {
  const body = { data: { parent_record_id: recordId, parent_object: "people", entry_values: stage ? { stage: [stage] } : {} } };
  expect(openapi.validateRequest("POST", `/v2/lists/${LIST}/entries`, body)).toEqual([]);
  return (await ok("POST", `/v2/lists/${LIST}/entries`, body)).data;
}

const stageTitle = (entry: Json) => entry.entry_values.stage[0]?.status.title;

describe("fake Attio: list entries by id", () => {
  it("PATCH /v2/lists/{list}/entries/{entry_id} changes the stage and keeps the other values", async () => {
    const entry = await entryFor(idOf(await createPerson(personValues("Ada", "L"))), "Prospect");
    const body = { data: { entry_values: { stage: ["Won"] } } };
    expect(openapi.validateRequest("PATCH", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`, body)).toEqual([]);
    const updated = (await ok("PATCH", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`, body)).data;
    expect(stageTitle(updated)).toBe("Won");
    expect(stageTitle((await ok("GET", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`)).data)).toBe("Won");
  });

  it("PATCH with an unknown stage is a 400 and changes nothing", async () => {
    const entry = await entryFor(idOf(await createPerson(personValues("Ada", "L"))), "Prospect");
    expectError(
      await call("PATCH", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`, { data: { entry_values: { stage: ["Nope"] } } }),
      400,
      "value_not_found",
    );
    expect(stageTitle((await ok("GET", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`)).data)).toBe("Prospect");
  });

  it("DELETE /v2/lists/{list}/entries/{entry_id} removes the entry; again is 404", async () => {
    const entry = await entryFor(idOf(await createPerson(personValues("Ada", "L"))));
    expect(await ok("DELETE", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`)).toEqual({});
    expectError(await call("GET", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`), 404, "not_found");
    expectError(await call("DELETE", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`), 404, "not_found");
  });

  it("deleting a record deletes its entries", async () => {
    const personId = idOf(await createPerson(personValues("Ada", "L")));
    const entry = await entryFor(personId);
    await ok("DELETE", `/v2/objects/people/records/${personId}`);
    expectError(await call("GET", `/v2/lists/${LIST}/entries/${entry.id.entry_id}`), 404, "not_found");
  });
});

describe("fake Attio: a record's entries, objects and lists", () => {
  it("GET /v2/objects/{object}/records/{record_id}/entries lists the record's entries across lists", async () => {
    const personId = idOf(await createPerson(personValues("Ada", "L")));
    const first = await entryFor(personId);
    const second = await entryFor(personId);
    await entryFor(idOf(await createPerson(personValues("Other", "P"))));
    const got = (await ok("GET", `/v2/objects/people/records/${personId}/entries`)).data;
    expect(got.map((e: Json) => e.entry_id)).toEqual([first.id.entry_id, second.id.entry_id]);
    expect(got[0]).toMatchObject({ list_api_slug: LIST, list_id: first.id.list_id });
    expect((await ok("GET", `/v2/objects/people/records/${personId}/entries?limit=1&offset=1`)).data).toHaveLength(1);
    expectError(await call("GET", `/v2/objects/people/records/${MISSING}/entries`), 404, "not_found");
  });

  it("GET /v2/objects lists people and companies; GET /v2/objects/{object} reads one by slug or id", async () => {
    const all = (await ok("GET", "/v2/objects")).data;
    expect(all.map((o: Json) => o.api_slug)).toEqual(["people", "companies"]);
    expect(all.map((o: Json) => o.id.object_id)).toEqual([fake.objectIds.people, fake.objectIds.companies]);
    expect((await ok("GET", `/v2/objects/${fake.objectIds.companies}`)).data.singular_noun).toBe("Company");
    expectError(await call("GET", "/v2/objects/deals"), 404, "not_found");
  });

  it("POST /v2/lists creates a list (list_configuration:read-write), listed afterwards; a used slug is 409", async () => {
    const ADMIN = "admin-token";
    await withFake(
      { rateLimit: false, tokens: { [ADMIN]: { scopes: [...FAKE_ATTIO_FULL_SCOPES, "list_configuration:read-write"] } } },
      async (f) => {
        const body = {
          data: {
            name: "Renewals",
            api_slug: "renewals",
            parent_object: "companies",
            workspace_access: "full-access",
            workspace_member_access: [],
          },
        };
        expect(openapi.validateRequest("POST", "/v2/lists", body)).toEqual([]);
        const created = (await ok("POST", "/v2/lists", body, { server: f })).data;
        expect(created).toMatchObject({ api_slug: "renewals", name: "Renewals", parent_object: ["companies"] });
        expect((await ok("GET", "/v2/lists", undefined, { server: f })).data.map((l: Json) => l.api_slug)).toContain("renewals");
        expectError(await call("POST", "/v2/lists", body, { server: f }), 409, "slug_conflict");
        expectError(await call("POST", "/v2/lists", { data: { name: "X" } }, { server: f }), 400, "validation_type");
      },
    );
    expectError(await call("POST", "/v2/lists", { data: {} }), 403, "unauthorized", "auth_error");
  });
});

describe("fake Attio: entry queries by attribute", () => {
  it("filters entries by stage title (shorthand), $eq and $in, combined with the parent record", async () => {
    const ada = idOf(await createPerson(personValues("Ada", "L")));
    const bob = idOf(await createPerson(personValues("Bob", "M")));
    const won = await entryFor(ada, "Won");
    const lost = await entryFor(bob, "Lost");
    await entryFor(bob, "Prospect");
    const query = async (filter: unknown) => {
      const body = { filter };
      expect(openapi.validateRequest("POST", `/v2/lists/${LIST}/entries/query`, body)).toEqual([]);
      return (await ok("POST", `/v2/lists/${LIST}/entries/query`, body)).data.map((e: Json) => e.id.entry_id);
    };
    expect(await query({ stage: "Won" })).toEqual([won.id.entry_id]);
    expect(await query({ stage: { $eq: "Lost" } })).toEqual([lost.id.entry_id]);
    expect(await query({ stage: { $in: ["Won", "Lost"] } })).toEqual([won.id.entry_id, lost.id.entry_id]);
    expect(await query({ parent_record_id: bob, stage: "Lost" })).toEqual([lost.id.entry_id]);
    expect(await query({ $or: [{ stage: "Won" }, { stage: "Lost" }] })).toEqual([won.id.entry_id, lost.id.entry_id]);
    expectError(await call("POST", `/v2/lists/${LIST}/entries/query`, { filter: { nope: "x" } }), 400, "unknown_filter_attribute_slug");
  });
});
