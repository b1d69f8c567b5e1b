import { describe, expect, it } from "vitest";
import { AttioError, createAttioClient } from "../../web/src/lib/attio/client";
import { outboundFieldPolicy, DEFAULT_FIELD_POLICY, effectiveFieldDirections } from "../../web/src/lib/attio/field-policy";
import { signAttioBody, signatureMatches } from "../../web/src/lib/attio-inbound/verify";
import { openWebhookSecret, sealWebhookSecret } from "../../web/src/lib/attio-inbound/webhook-secret";
import { crmSettingsSchema } from "../../web/src/lib/crm-settings/schema";

const KEY = Buffer.alloc(32, 3).toString("base64");
const OTHER_KEY = Buffer.alloc(32, 4).toString("base64");

describe("webhook signature", () => {
  const body = '{"webhook_id":"w","events":[]}';
  it.each([
    ["the body's HMAC under a stored secret", signAttioBody(body, "s1"), ["s0", "s1"], true],
    ["upper-case hex", signAttioBody(body, "s1").toUpperCase(), ["s1"], true],
    ["the HMAC of a re-serialised body", signAttioBody(JSON.stringify(JSON.parse(body), null, 1), "s1"), ["s1"], false],
    ["another secret's HMAC", signAttioBody(body, "other"), ["s1"], false],
    ["a truncated signature", signAttioBody(body, "s1").slice(0, 40), ["s1"], false],
    ["no stored secret", signAttioBody(body, "s1"), [], false],
  ])("%s -> %s", (_name, signature, secrets, ok) => {
    expect(signatureMatches(body, signature, secrets)).toBe(ok);
  });
});

describe("webhook secret at rest", () => {
  it("is sealed with the payload key and opens with it (or a previous key), never without", async () => {
    const sealed = await sealWebhookSecret("whsec", { LEADSYNC_PAYLOAD_KEY: KEY });
    expect(sealed).not.toContain("whsec");
    expect(await openWebhookSecret(sealed, { LEADSYNC_PAYLOAD_KEY: KEY })).toBe("whsec");
    expect(await openWebhookSecret(sealed, { LEADSYNC_PAYLOAD_KEY: OTHER_KEY, LEADSYNC_PAYLOAD_PREVIOUS_KEYS: KEY })).toBe("whsec");
    expect(await openWebhookSecret(sealed, { LEADSYNC_PAYLOAD_KEY: OTHER_KEY })).toBeNull();
    expect(await openWebhookSecret(sealed, {})).toBeNull();
  });
  it("is stored as given when no payload key is configured", async () => {
    expect(await sealWebhookSecret("whsec", {})).toBe("whsec");
    expect(await openWebhookSecret("whsec", {})).toBe("whsec");
  });
});

describe("field directions and two-way settings", () => {
  it("a pulled field is never written by a sync; a both field is written when it differs; pushed keep their rule", () => {
    const directions = effectiveFieldDirections({ "person.jobTitle": "pull", "person.name": "both" });
    const policy = outboundFieldPolicy({ ...DEFAULT_FIELD_POLICY, "person.jobTitle": "always" }, directions);
    expect(policy["person.jobTitle"]).toBe("never");
    expect(policy["person.name"]).toBe("always");
    expect(policy["person.linkedin"]).toBe("if-empty");
    expect(effectiveFieldDirections({})["person.emails"]).toBe("push");
  });
  it("settings saved before two-way sync still parse, with its defaults", () => {
    const old = crmSettingsSchema.parse({ list: "outbound_pipeline", stageAttribute: "stage", stage: "Prospect" });
    expect(old).toMatchObject({ recreateDeletedRecords: true, pauseResyncStages: ["Won", "Lost"] });
  });
});

describe("a merge still in progress", () => {
  it("a read answering 404 merge_in_progress is a retryable error, not a missing person", async () => {
    const fetch404: typeof fetch = async () =>
      new Response(
        JSON.stringify({ status_code: 404, type: "invalid_request_error", code: "merge_in_progress", message: "Merge in progress." }),
        {
          status: 404,
          headers: { "content-type": "application/json" },
        },
      );
    const client = createAttioClient({ apiKey: "k", baseUrl: "https://attio.invalid/v2", fetch: fetch404 });
    const err = await client.getPerson("8b4d3c55-0000-4000-8000-000000000000").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttioError);
    expect(err).toMatchObject({ status: 404, code: "merge_in_progress", retryable: true });
  });
  it("a plain 404 still reads as gone", async () => {
    const fetch404: typeof fetch = async () =>
      new Response(JSON.stringify({ status_code: 404, type: "invalid_request_error", code: "not_found", message: "Not found." }), {
        status: 404,
      });
    const client = createAttioClient({ apiKey: "k", baseUrl: "https://attio.invalid/v2", fetch: fetch404 });
    expect(await client.getPerson("8b4d3c55-0000-4000-8000-000000000000")).toBeNull();
  });
});
