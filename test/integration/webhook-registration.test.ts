import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_ATTIO_RECORDS_ONLY_TOKEN, startFakeAttio, type FakeAttio } from "../../fake-attio/server";
import { createAttioClient } from "../../web/src/lib/attio/client";
import { openWebhookSecret } from "../../web/src/lib/attio-inbound/webhook-secret";
import { connectWebhooks, currentWebhook, refreshWebhookStatus, webhookTargetUrl } from "../../web/src/lib/attio-webhooks/registration";
import { TEST_PAYLOAD_KEY } from "../helpers/attio-webhooks";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

/** Registering leadsync's webhook in the fake Attio through the registration module the settings page uses. */
describe("webhook registration", () => {
  let db: TestDatabase;
  let fake: FakeAttio;
  const env = { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY };
  const target = "https://leads.example.com/api/attio/webhooks";
  const client = () => createAttioClient({ apiKey: fake.token, baseUrl: fake.baseUrl });
  /** The fake's webhooks in Attio's answer form, with their secrets. */
  const liveWebhooks = () =>
    fake.webhooks.list() as unknown as {
      id: { webhook_id: string };
      secret: string;
      subscriptions: { event_type: string; filter: unknown }[];
    }[];

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase(), startFakeAttio({ rateLimit: false })]);
  });
  beforeEach(async () => {
    await db.prisma.attioWebhook.deleteMany();
    fake.reset();
  });
  afterAll(async () => {
    await fake?.close();
    await db?.cleanup();
  });

  it.each([
    ["https://leads.example.com", {}, target],
    ["https://leads.example.com/app/", {}, "https://leads.example.com/app/api/attio/webhooks"],
    ["http://127.0.0.1:3000", { LEADSYNC_WEBHOOKS_ALLOW_HTTP: "1" }, "http://127.0.0.1:3000/api/attio/webhooks"],
    ["http://127.0.0.1:3000", {}, null],
    ["http://leads.example.com", { LEADSYNC_WEBHOOKS_ALLOW_HTTP: "1" }, null],
    ["https://leads.example.com/?x=1", {}, null],
    ["not a url", {}, null],
  ])("the target for %s (%o) is %s", (publicUrl, flags, expected) => {
    const result = webhookTargetUrl(publicUrl, flags);
    expect(result.ok ? result.targetUrl : null).toBe(expected);
  });

  it("creates the webhook with filtered subscriptions and stores its secret sealed", async () => {
    const result = await connectWebhooks(db.prisma, client(), { targetUrl: target, listSlug: "outbound_pipeline" }, env);
    expect(result.ok).toBe(true);
    const [live] = liveWebhooks();
    const subs = live.subscriptions.map((s) => [s.event_type, JSON.stringify(s.filter)]);
    const records = JSON.stringify({
      $or: [
        { field: "id.object_id", operator: "equals", value: fake.objectIds.people },
        { field: "id.object_id", operator: "equals", value: fake.objectIds.companies },
      ],
    });
    expect(subs.slice(0, 3)).toEqual([
      ["record.updated", records],
      ["record.merged", records],
      ["record.deleted", records],
    ]);
    expect(subs.slice(3).map(([e]) => e)).toEqual(["list-entry.created", "list-entry.updated", "list-entry.deleted"]);
    for (const [, filter] of subs.slice(3)) expect(JSON.parse(filter).$and[0].field).toBe("id.list_id");

    const row = await db.prisma.attioWebhook.findUniqueOrThrow({ where: { id: live.id.webhook_id } });
    expect(row.secret).not.toContain(live.secret);
    expect(await openWebhookSecret(row.secret, env)).toBe(live.secret);
    expect(JSON.stringify(result)).not.toContain(live.secret);
  });

  it("a second connect replaces the first: deleted in Attio and marked deleted here", async () => {
    const first = await connectWebhooks(db.prisma, client(), { targetUrl: target, listSlug: null }, env);
    const second = await connectWebhooks(db.prisma, client(), { targetUrl: target, listSlug: null }, env);
    expect(first.ok && second.ok).toBe(true);
    expect(liveWebhooks().map((w) => w.id.webhook_id)).toEqual([second.ok ? second.webhook.id : ""]);
    const rows = await db.prisma.attioWebhook.findMany({ orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["deleted", "active"]);
    expect((await currentWebhook(db.prisma))?.id).toBe(second.ok ? second.webhook.id : "");
  });

  it("reads a degraded status back from Attio", async () => {
    const result = await connectWebhooks(db.prisma, client(), { targetUrl: target, listSlug: null }, env);
    if (!result.ok) throw new Error(result.error);
    fake.webhooks.setStatus(result.webhook.id, "degraded");
    const checked = await refreshWebhookStatus(db.prisma, client(), result.webhook.id);
    expect(checked.ok && checked.webhook.status).toBe("degraded");
  });

  it("names the webhook:read-write scope when the token lacks it, and stores nothing", async () => {
    const limited = createAttioClient({ apiKey: FAKE_ATTIO_RECORDS_ONLY_TOKEN, baseUrl: fake.baseUrl });
    const result = await connectWebhooks(db.prisma, limited, { targetUrl: target, listSlug: null }, env);
    expect(result.ok ? "" : result.error).toContain("webhook:read-write");
    expect(await db.prisma.attioWebhook.count()).toBe(0);
  });
});
