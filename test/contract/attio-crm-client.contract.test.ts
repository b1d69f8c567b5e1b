/**
 * Contract suite for the CRM half of the Attio client (web/src/lib/attio/{lists,attributes,members,scopes}.ts).
 *
 * Always against the fake Attio; also against real Attio with ATTIO_LIVE_TESTS=1 and ATTIO_API_KEY
 * (the token needs the scopes of LEADSYNC_SCOPES). On the live target the list tests use the list
 * named by ATTIO_LIVE_LIST (skipped without it), and attribute creation uses the fixed slug
 * `leadsync_contract_check` (a second run finds it and returns it: creation is idempotent).
 * Every request and response is checked against Attio's OpenAPI document.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AttioError, createAttioClient, type AttioClient } from "../../web/src/lib/attio/client";
import { statusValueSchema } from "../../web/src/lib/attio/crm-schemas";
import { LEADSYNC_SCOPES, missingScopes, parseScopes } from "../../web/src/lib/attio/scopes";
import { FAKE_ATTIO_RECORDS_ONLY_TOKEN, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createOpenApiValidator, validateErrorEnvelope } from "../helpers/openapi";

const LIVE = process.env.ATTIO_LIVE_TESTS === "1" && !!process.env.ATTIO_API_KEY?.trim();
const openapi = createOpenApiValidator();

interface Exchange {
  method: string;
  url: string;
  body: unknown;
  status: number;
  response: unknown;
}

function capturingFetch(log: Exchange[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    let response: unknown;
    try {
      response = JSON.parse(text);
    } catch {
      response = text;
    }
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    log.push({ method: init?.method ?? "GET", url: String(input), body, status: res.status, response });
    return res;
  };
}

const targets = [
  { name: "fake", enabled: true },
  { name: "live", enabled: LIVE },
] as const;

for (const target of targets) {
  describe.skipIf(!target.enabled)(`Attio CRM client contract against ${target.name} Attio`, () => {
    let fake: FakeAttio | null = null;
    let client: AttioClient;
    let baseUrl: string;
    let token: string;
    const log: Exchange[] = [];
    const list = target.name === "fake" ? "outbound_pipeline" : process.env.ATTIO_LIVE_LIST;

    beforeAll(async () => {
      if (target.name === "fake") {
        fake = await startFakeAttio({ rateLimit: false });
        baseUrl = fake.baseUrl;
        token = fake.token;
      } else {
        baseUrl = process.env.ATTIO_BASE_URL?.trim() || "https://api.attio.com/v2";
        token = process.env.ATTIO_API_KEY?.trim() ?? "";
      }
      client = createAttioClient({ apiKey: token, baseUrl, fetch: capturingFetch(log) });
    });
    afterAll(async () => fake?.close());

    afterEach(() => {
      const problems: string[] = [];
      for (const x of log.splice(0)) {
        const path = new URL(x.url).pathname + new URL(x.url).search;
        problems.push(...openapi.validateRequest(x.method, path, x.body));
        if (x.status === 200) problems.push(...openapi.validateResponse(x.method, path, 200, x.response));
        else problems.push(...validateErrorEnvelope(x.status, x.response));
      }
      expect(problems).toEqual([]);
    });

    it("reads the token's scopes from /v2/self and names none missing for a full token", async () => {
      const self = await client.self();
      const granted = parseScopes(self.scope);
      expect(missingScopes(granted).map((s) => s.scope)).toEqual([]);
    });

    it.skipIf(target.name !== "fake")("names each missing CRM scope with what it enables for a records-only token", async () => {
      const narrow = createAttioClient({ apiKey: FAKE_ATTIO_RECORDS_ONLY_TOKEN, baseUrl, fetch: capturingFetch(log) });
      const missing = missingScopes(parseScopes((await narrow.self()).scope));
      expect(missing.map((m) => m.scope)).toEqual([
        "list_configuration:read",
        "list_entry:read-write",
        "user_management:read",
        "object_configuration:read-write",
        "webhook:read-write",
      ]);
      expect(missing.every((m) => LEADSYNC_SCOPES.includes(m) && m.enables.length > 0)).toBe(true);
      const denied = await narrow.listLists().catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(AttioError);
      expect((denied as AttioError).status).toBe(403);
      expect((denied as AttioError).message).toContain("List Configuration");
    });

    it("lists workspace members with their email", async () => {
      const members = await client.listWorkspaceMembers();
      expect(members.length).toBeGreaterThan(0);
      expect(members.every((m) => m.email.includes("@") && typeof m.active === "boolean")).toBe(true);
    });

    it("lists people attributes and creates a number attribute once, however often asked", async () => {
      const attrs = await client.listAttributes("objects", "people");
      expect(attrs.map((a) => a.slug)).toContain("email_addresses");
      const input = { title: "Leadsync contract check", apiSlug: "leadsync_contract_check", type: "number" as const };
      const first = await client.createAttribute("objects", "people", input);
      const again = await client.createAttribute("objects", "people", input);
      expect([first.slug, first.type]).toEqual(["leadsync_contract_check", "number"]);
      expect(again.id).toBe(first.id);
    });

    it.skipIf(target.name !== "fake")("creates a select attribute and an option once, however often asked", async () => {
      await client.createAttribute("objects", "people", { title: "Signal angle", apiSlug: "signal_angle", type: "select" });
      await client.createSelectOption("objects", "people", "signal_angle", "Hiring");
      await client.createSelectOption("objects", "people", "signal_angle", "Hiring");
      expect(await client.listSelectOptions("objects", "people", "signal_angle")).toEqual([{ title: "Hiring", archived: false }]);
    });

    it.skipIf(!list)("lists lists and statuses, and asserts one entry per person", async () => {
      const lists = await client.listLists();
      const chosen = lists.find((l) => l.slug === list || l.id === list);
      expect(chosen?.parentObjects).toContain("people");
      const stages = await client.listStatuses("lists", list ?? "", "stage");
      expect(stages.length).toBeGreaterThan(0);
      const email = `crm-contract-${Date.now()}@example.com`;
      const person = await client.upsertPerson({ name: "Contract Check", email });
      const values = { stage: [{ status: stages[0].title }] };
      const first = await client.assertListEntry(list ?? "", { parentObject: "people", parentRecordId: person.id, values });
      const again = await client.assertListEntry(list ?? "", { parentObject: "people", parentRecordId: person.id, values });
      expect(again.id).toBe(first.id);
      expect(statusValueSchema.parse(first.values.stage[0]).status.title).toBe(stages[0].title);
      expect((await client.findListEntries(list ?? "", person.id)).map((e) => e.id)).toEqual([first.id]);
      expect((await client.getListEntry(list ?? "", first.id)).parentRecordId).toBe(person.id);
    });
  });
}
