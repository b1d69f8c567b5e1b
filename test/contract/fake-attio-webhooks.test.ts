/**
 * The fake's webhook management (`/v2/webhooks`, fake-attio/webhooks.ts) over real HTTP. Every 200
 * is validated against Attio's OpenAPI document (call() in fake-attio-helpers).
 */
import { describe, expect, it } from "vitest";
import { FAKE_ATTIO_RECORDS_ONLY_TOKEN } from "../../fake-attio/server";
import { MISSING, call, expectError, fake, ok, registerSharedFake, withFake, type Json } from "./fake-attio-helpers";

registerSharedFake();

const TARGET = "https://leadsync.example/api/attio/webhooks";
const body = (extra: Record<string, unknown> = {}) => ({
  data: { target_url: TARGET, subscriptions: [{ event_type: "record.updated", filter: null }], ...extra },
});

describe("fake Attio: webhook management", () => {
  it("creates a webhook: active, its subscriptions as sent, and a 64-hex secret shown only by the create", async () => {
    const created = (
      await ok("POST", "/v2/webhooks", {
        data: {
          target_url: TARGET,
          subscriptions: [
            { event_type: "record.merged", filter: null },
            { event_type: "list-entry.updated", filter: { $and: [{ field: "id.list_id", operator: "equals", value: "abc" }] } },
          ],
        },
      })
    ).data;
    expect(created.status).toBe("active");
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(created.subscriptions[1].filter).toEqual({ $and: [{ field: "id.list_id", operator: "equals", value: "abc" }] });
    const got = (await ok("GET", `/v2/webhooks/${created.id.webhook_id}`)).data;
    expect(got).toEqual({ ...created, secret: undefined });
    expect("secret" in got).toBe(false);
  });

  it("refuses an http target_url (Attio accepts https only)", async () => {
    const r = await call("POST", "/v2/webhooks", body({ target_url: "http://127.0.0.1:9/hook" }));
    expectError(r, 400, "validation_type");
    expect((await ok("GET", "/v2/webhooks")).data).toEqual([]);
  });

  it("accepts http://127.0.0.1 and localhost, and nothing else over http, when started with allowHttpTargets", async () => {
    await withFake({ allowHttpTargets: true }, async (f) => {
      for (const url of ["http://127.0.0.1:9/hook", "http://localhost:9/hook"]) {
        // Raw fetch: the OpenAPI's target_url pattern is ^https://, which a test-mode answer breaks on purpose.
        const r = await fetch(`${f.origin}/v2/webhooks`, {
          method: "POST",
          headers: { authorization: `Bearer ${f.token}`, "content-type": "application/json" },
          body: JSON.stringify(body({ target_url: url })),
        });
        expect(r.status).toBe(200);
        expect((await r.json()).data.target_url).toBe(url);
      }
      expectError(
        await call("POST", "/v2/webhooks", body({ target_url: "http://example.com/hook" }), { server: f }),
        400,
        "validation_type",
      );
    });
  });

  it("requires a filter on every subscription (null = always) and refuses nested or unknown filters and event types", async () => {
    const bad = [
      [{ event_type: "record.updated" }],
      [{ event_type: "record.updated", filter: { $and: [{ $or: [] }] } }],
      [{ event_type: "record.updated", filter: { $and: [], $or: [] } }],
      [{ event_type: "record.updated", filter: { $and: [{ field: "id.object_id", operator: "contains", value: "x" }] } }],
      [{ event_type: "task.completed", filter: null }],
    ];
    for (const subscriptions of bad) expectError(await call("POST", "/v2/webhooks", body({ subscriptions })), 400, "validation_type");
    expect((await ok("GET", "/v2/webhooks")).data).toEqual([]);
  });

  it("lists webhooks in pages of limit (10-100, default 10) from offset", async () => {
    for (let i = 0; i < 12; i++) await ok("POST", "/v2/webhooks", body({ target_url: `${TARGET}?n=${i}` }));
    expect((await ok("GET", "/v2/webhooks")).data).toHaveLength(10);
    const rest = (await ok("GET", "/v2/webhooks?limit=10&offset=10")).data;
    expect(rest.map((w: Json) => w.target_url)).toEqual([`${TARGET}?n=10`, `${TARGET}?n=11`]);
    expectError(await call("GET", "/v2/webhooks?limit=5"), 400, "validation_type");
  });

  it("updates the target and replaces the subscriptions; the secret stays", async () => {
    const created = (await ok("POST", "/v2/webhooks", body())).data;
    const id = created.id.webhook_id;
    const updated = (
      await ok("PATCH", `/v2/webhooks/${id}`, {
        data: { target_url: `${TARGET}/v2`, subscriptions: [{ event_type: "record.deleted", filter: null }] },
      })
    ).data;
    expect(updated.target_url).toBe(`${TARGET}/v2`);
    expect(updated.subscriptions).toEqual([{ event_type: "record.deleted", filter: null }]);
    expect(fake.webhooks.list()[0].secret).toBe(created.secret);
  });

  it("deletes a webhook; a second delete and a GET of it answer 404 not_found", async () => {
    const id = (await ok("POST", "/v2/webhooks", body())).data.id.webhook_id;
    expect(await ok("DELETE", `/v2/webhooks/${id}`)).toEqual({});
    expectError(await call("DELETE", `/v2/webhooks/${id}`), 404, "not_found");
    expectError(await call("GET", `/v2/webhooks/${id}`), 404, "not_found");
    expectError(await call("PATCH", `/v2/webhooks/${MISSING}`, { data: {} }), 404, "not_found");
  });

  it("needs the webhook scopes: a token without them gets 403 naming Webhooks", async () => {
    const r = await call("POST", "/v2/webhooks", body(), { token: FAKE_ATTIO_RECORDS_ONLY_TOKEN });
    expectError(r, 403, "unauthorized", "auth_error");
    expect(r.json.message).toContain("Read-Write access to the Webhooks scope");
  });
});
