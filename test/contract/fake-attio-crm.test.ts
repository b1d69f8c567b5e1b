/**
 * The fake Attio's CRM surface (lists, entries, attributes, options, statuses, members, scopes on
 * /v2/self), over real HTTP with plain fetch. Every 200 is checked against Attio's OpenAPI
 * document, every request body we send too, and every error against the error envelope.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FAKE_ATTIO_DEFAULT_TOKEN,
  FAKE_ATTIO_FULL_SCOPES,
  FAKE_ATTIO_RECORDS_ONLY_TOKEN,
  FAKE_ATTIO_RECORDS_SCOPES,
  startFakeAttio,
  type FakeAttio,
} from "../../fake-attio/server";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";

type Json = any;

const openapi = createOpenApiValidator();
const ADMIN = "admin-token";
let fake: FakeAttio;

async function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: Json }> {
  if (body !== undefined && token === undefined)
    expect(openapi.validateRequest(method, path, body), `${method} ${path} request`).toEqual([]);
  const r = await fetch(fake.origin + path, {
    method,
    headers: { authorization: `Bearer ${token ?? fake.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (r.status === 200) expect(openapi.validateResponse(method, path, 200, json), `${method} ${path} response`).toEqual([]);
  else expect(validateErrorEnvelope(r.status, json)).toEqual([]);
  return { status: r.status, json };
}

async function ok(method: string, path: string, body?: unknown): Promise<Json> {
  const r = await call(method, path, body);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.data;
}

async function person(email: string): Promise<string> {
  const values = { email_addresses: [email], name: [{ first_name: "Ada", last_name: "L", full_name: "Ada L" }] };
  return (await ok("PUT", "/v2/objects/people/records?matching_attribute=email_addresses", { data: { values } })).id.record_id;
}

beforeAll(async () => {
  fake = await startFakeAttio({
    rateLimit: false,
    tokens: {
      [FAKE_ATTIO_DEFAULT_TOKEN]: { scopes: FAKE_ATTIO_FULL_SCOPES },
      [FAKE_ATTIO_RECORDS_ONLY_TOKEN]: { scopes: FAKE_ATTIO_RECORDS_SCOPES },
      [ADMIN]: { scopes: [...FAKE_ATTIO_FULL_SCOPES, "list_configuration:read-write"] },
    },
  });
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

describe("lists, statuses and members", () => {
  it("lists the seeded pipeline list, its stage statuses and the workspace members", async () => {
    const lists = await ok("GET", "/v2/lists");
    expect(lists.map((l: Json) => l.api_slug)).toEqual(["outbound_pipeline"]);
    expect(lists[0].parent_object).toEqual(["people"]);
    expect((await ok("GET", `/v2/lists/${lists[0].id.list_id}`)).name).toBe("Outbound pipeline");

    const attrs = await ok("GET", "/v2/lists/outbound_pipeline/attributes");
    expect(attrs.map((a: Json) => [a.api_slug, a.type])).toEqual([
      ["stage", "status"],
      ["owner", "actor-reference"],
    ]);
    const statuses = await ok("GET", "/v2/lists/outbound_pipeline/attributes/stage/statuses");
    expect(statuses.map((s: Json) => s.title)).toEqual(["Prospect", "Contacted", "Qualified", "Won", "Lost"]);

    const members = await ok("GET", "/v2/workspace_members");
    expect(members.map((m: Json) => m.email_address)).toContain("grace@leadsync.example");
    expect(members.map((m: Json) => m.access_level)).toContain("suspended");
  });

  it("an unknown list is a 404 not_found", async () => {
    const r = await call("GET", "/v2/lists/nope");
    expect([r.status, r.json.code]).toEqual([404, "not_found"]);
  });

  it("a new status is listed; an archived one only with show_archived", async () => {
    const path = "/v2/lists/outbound_pipeline/attributes/stage/statuses";
    const denied = await call("POST", path, { data: { title: "Nurture" } }, FAKE_ATTIO_DEFAULT_TOKEN);
    expect([denied.status, denied.json.message]).toEqual([
      403,
      expect.stringContaining("Read-Write access to the List Configuration scope"),
    ]);
    expect((await call("POST", path, { data: { title: "Nurture" } }, ADMIN)).status).toBe(200);
    fake.crm.archiveStatus("outbound_pipeline", "stage", "Lost");
    const live = await ok("GET", "/v2/lists/outbound_pipeline/attributes/stage/statuses");
    expect(live.map((s: Json) => s.title)).toEqual(["Prospect", "Contacted", "Qualified", "Won", "Nurture"]);
    const all = await ok("GET", "/v2/lists/outbound_pipeline/attributes/stage/statuses?show_archived=true");
    expect(all.find((s: Json) => s.title === "Lost").is_archived).toBe(true);
  });
});

describe("list entries", () => {
  it("assert by parent creates one entry, then updates it; POST adds a second", async () => {
    const id = await person("ada@example.com");
    const body = (stage: string) => ({
      data: {
        parent_record_id: id,
        parent_object: "people",
        entry_values: { stage: [{ status: stage }], owner: ["grace@leadsync.example"] },
      },
    });
    const first = await ok("PUT", "/v2/lists/outbound_pipeline/entries", body("Prospect"));
    expect(first.entry_values.stage[0].status.title).toBe("Prospect");
    expect(first.entry_values.owner[0].referenced_actor_type).toBe("workspace-member");
    const again = await ok("PUT", "/v2/lists/outbound_pipeline/entries", body("Qualified"));
    expect(again.id.entry_id).toBe(first.id.entry_id);
    expect(again.entry_values.stage[0].status.title).toBe("Qualified");
    expect((await ok("GET", `/v2/lists/outbound_pipeline/entries/${first.id.entry_id}`)).parent_record_id).toBe(id);

    const query = { filter: { parent_record_id: id } };
    expect(await ok("POST", "/v2/lists/outbound_pipeline/entries/query", query)).toHaveLength(1);
    await ok("POST", "/v2/lists/outbound_pipeline/entries", body("Prospect"));
    expect(await ok("POST", "/v2/lists/outbound_pipeline/entries/query", query)).toHaveLength(2);
    const r = await call("PUT", "/v2/lists/outbound_pipeline/entries", body("Won"));
    expect([r.status, r.json.code]).toEqual([400, "multiple_match_results"]);
  });

  it("an unknown stage, an unknown owner, a missing parent and an unknown entry are errors", async () => {
    const id = await person("bob@example.com");
    const put = (entry_values: Record<string, unknown[]>, parent = id) =>
      call("PUT", "/v2/lists/outbound_pipeline/entries", { data: { parent_record_id: parent, parent_object: "people", entry_values } });
    expect((await put({ stage: ["Nope"] })).json.code).toBe("value_not_found");
    expect((await put({ owner: ["stranger@example.com"] })).json.code).toBe("value_not_found");
    expect((await put({}, "00000000-0000-4000-8000-000000000404")).status).toBe(404);
    expect((await call("GET", "/v2/lists/outbound_pipeline/entries/00000000-0000-4000-8000-000000000404")).status).toBe(404);
  });

  it("a deleted list answers 404 to entry writes", async () => {
    const id = await person("cy@example.com");
    fake.crm.deleteList("outbound_pipeline");
    const r = await call("PUT", "/v2/lists/outbound_pipeline/entries", {
      data: { parent_record_id: id, parent_object: "people", entry_values: {} },
    });
    expect([r.status, r.json.code]).toEqual([404, "not_found"]);
  });
});

describe("attributes on people", () => {
  const create = (api_slug: string, type: string, extra: Record<string, unknown> = {}) => ({
    data: {
      title: api_slug,
      description: null,
      api_slug,
      type,
      is_required: false,
      is_unique: false,
      is_multiselect: false,
      config: {},
      ...extra,
    },
  });

  it("creates number, text, select (with options), date and actor-reference attributes and writes them on a person", async () => {
    for (const [slug, type] of [
      ["icp_score", "number"],
      ["icp_reasons", "text"],
      ["signal_angle", "select"],
      ["last_touchpoint", "date"],
      ["lead_owner", "actor-reference"],
    ]) {
      const a = await ok("POST", "/v2/objects/people/attributes", create(slug, type));
      expect([a.api_slug, a.type, a.is_system_attribute]).toEqual([slug, type, false]);
    }
    await ok("POST", "/v2/objects/people/attributes/signal_angle/options", { data: { title: "Hiring" } });
    expect((await ok("GET", "/v2/objects/people/attributes/signal_angle/options")).map((o: Json) => o.title)).toEqual(["Hiring"]);
    const listed = await ok("GET", "/v2/objects/people/attributes");
    expect(listed.map((a: Json) => a.api_slug)).toEqual(expect.arrayContaining(["email_addresses", "icp_score", "lead_owner"]));

    const id = await person("dee@example.com");
    const values = {
      icp_score: [87],
      icp_reasons: ["Hiring SDRs"],
      signal_angle: ["Hiring"],
      last_touchpoint: ["2026-11-02T10:00:00Z"],
      lead_owner: [{ workspace_member_email_address: "ada@leadsync.example" }],
    };
    const rec = await ok("PATCH", `/v2/objects/people/records/${id}`, { data: { values } });
    expect(rec.values.icp_score[0].value).toBe(87);
    expect(rec.values.signal_angle[0].option.title).toBe("Hiring");
    expect(rec.values.last_touchpoint[0].value).toBe("2026-11-02");
    expect(rec.values.lead_owner[0].referenced_actor_type).toBe("workspace-member");
    const unknown = await call("PATCH", `/v2/objects/people/records/${id}`, { data: { values: { signal_angle: ["Funding"] } } });
    expect([unknown.status, unknown.json.code]).toEqual([400, "value_not_found"]);
  });

  it("refuses a slug already used (409), a status on an object and a body without config (400)", async () => {
    expect((await call("POST", "/v2/objects/people/attributes", create("job_title", "text"))).json.code).toBe("slug_conflict");
    expect((await call("POST", "/v2/objects/people/attributes", create("stage", "status"))).status).toBe(400);
    const noConfig = { data: { ...create("x", "text").data, config: undefined } };
    const r = await fetch(`${fake.baseUrl}/objects/people/attributes`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: JSON.stringify(noConfig),
    });
    expect(r.status).toBe(400);
  });

  it("an archived attribute cannot be written and is listed only with show_archived", async () => {
    await ok("POST", "/v2/objects/people/attributes", create("icp_score", "number"));
    fake.crm.archiveAttribute({ object: "people" }, "icp_score");
    const id = await person("eve@example.com");
    const r = await call("PATCH", `/v2/objects/people/records/${id}`, { data: { values: { icp_score: [1] } } });
    expect([r.status, r.json.code]).toEqual([400, "value_not_found"]);
    const live = await ok("GET", "/v2/objects/people/attributes");
    expect(live.map((a: Json) => a.api_slug)).not.toContain("icp_score");
    const all = await ok("GET", "/v2/objects/people/attributes?show_archived=true");
    expect(all.find((a: Json) => a.api_slug === "icp_score").is_archived).toBe(true);
  });
});

describe("scopes", () => {
  it("/v2/self lists the token's scopes; a records-only token gets 403 naming each missing scope", async () => {
    const self = await call("GET", "/v2/self");
    expect(self.json.scope.split(" ")).toEqual(expect.arrayContaining(["list_entry:read-write", "user_management:read"]));
    const narrow = await call("GET", "/v2/self", undefined, FAKE_ATTIO_RECORDS_ONLY_TOKEN);
    expect(narrow.json.scope.split(" ")).not.toContain("list_entry:read-write");
    for (const [method, path, label] of [
      ["GET", "/v2/lists", "Read access to the List Configuration scope"],
      ["GET", "/v2/workspace_members", "Read access to the User Management scope"],
      ["POST", "/v2/objects/people/attributes", "Read-Write access to the Object Configuration scope"],
      ["POST", "/v2/lists/outbound_pipeline/entries/query", "Read access to the List Entries scope"],
    ] as const) {
      const r = await call(method, path, method === "POST" ? { data: {} } : undefined, FAKE_ATTIO_RECORDS_ONLY_TOKEN);
      expect([r.status, r.json.message]).toEqual([403, expect.stringContaining(label)]);
    }
  });
});
