/**
 * Attio webhook deliveries for tests, until the fake delivers them itself: a registered webhook
 * (stored as the settings page would, secret sealed with the payload key), deliveries signed
 * with its secret and handed to the intake the route runs, and a wait for their outcomes.
 */
import { randomUUID } from "node:crypto";
import type { Client } from "@temporalio/client";
import { receiveAttioDelivery, signalAfterIntake } from "../../web/src/lib/attio-inbound/intake";
import type { InboxSignaller } from "../../web/src/lib/attio-inbound/inbox";
import { temporalInboxSignaller } from "../../web/src/lib/attio-inbound/signaller";
import { signAttioBody } from "../../web/src/lib/attio-inbound/verify";
import { sealWebhookSecret } from "../../web/src/lib/attio-inbound/webhook-secret";
import type { PrismaClient } from "../../web/src/lib/db";
import { WEBHOOK_EVENT_TYPES } from "../../web/src/lib/attio/webhooks";

/** A 32-byte payload key (base64), as LEADSYNC_PAYLOAD_KEY. */
export const TEST_PAYLOAD_KEY = Buffer.alloc(32, 7).toString("base64");
/** Quiet window of the per-record workflows in tests (production: 5 s). */
export const TEST_QUIET_MS = 300;

export interface WebhookEvent {
  event_type: string;
  id: Record<string, string>;
  actor: { type: string; id: string | null };
  parent_object_id?: string;
  parent_record_id?: string;
  duplicate_object_id?: string;
  duplicate_record_id?: string;
}

export interface TestWebhooks {
  readonly webhookId: string;
  readonly secret: string;
  /** Stores, answers and (awaited here) signals, like the route; returns the answer's status. */
  deliver(events: WebhookEvent[], opts?: { key?: string; signature?: string | null; signal?: InboxSignaller }): Promise<number>;
  /** POSTs a signed delivery to the app's route over HTTP (no session); returns the response. */
  post(url: string, events: WebhookEvent[], opts?: { key?: string; signature?: string | null }): Promise<Response>;
  /** Waits until every inbox row has an outcome; returns the rows. */
  settled(timeoutMs?: number): Promise<Awaited<ReturnType<PrismaClient["attioInboxEvent"]["findMany"]>>>;
}

export async function registerTestWebhook(prisma: PrismaClient, client: Client, taskQueue: string): Promise<TestWebhooks> {
  const env = { LEADSYNC_PAYLOAD_KEY: TEST_PAYLOAD_KEY };
  const webhookId = randomUUID();
  const secret = randomUUID().replace(/-/g, "");
  await prisma.attioWebhook.create({
    data: {
      id: webhookId,
      targetUrl: "https://leads.example.com/api/attio/webhooks",
      secret: await sealWebhookSecret(secret, env),
      subscriptions: "[]",
      status: "active",
    },
  });
  /** The body Attio would send and its headers, signed with the webhook's secret unless `signature` says otherwise. */
  const signed = (events: WebhookEvent[], opts: { key?: string; signature?: string | null }) => {
    const rawBody = JSON.stringify({ webhook_id: webhookId, events });
    const headers: Record<string, string | null> = {
      "attio-signature": opts.signature === undefined ? signAttioBody(rawBody, secret) : opts.signature,
      "idempotency-key": opts.key ?? randomUUID(),
    };
    return { rawBody, headers };
  };
  const signaller = temporalInboxSignaller(client, { taskQueue, quietMs: TEST_QUIET_MS });
  return {
    webhookId,
    secret,
    async deliver(events, opts = {}) {
      const { rawBody, headers } = signed(events, opts);
      const result = await receiveAttioDelivery({ prisma, env }, { rawBody, header: (n) => headers[n.toLowerCase()] ?? null });
      await signalAfterIntake(prisma, opts.signal ?? signaller, result.fresh);
      return result.status;
    },
    async post(url, events, opts = {}) {
      const { rawBody, headers } = signed(events, opts);
      const sent: Record<string, string> = { "content-type": "application/json" };
      for (const [k, v] of Object.entries(headers)) if (v !== null) sent[k] = v;
      return fetch(`${url}/api/attio/webhooks`, { method: "POST", headers: sent, body: rawBody });
    },
    async settled(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const rows = await prisma.attioInboxEvent.findMany({ orderBy: { id: "asc" } });
        if (rows.every((r) => r.outcome !== null)) return rows;
        if (Date.now() > until) throw new Error(`inbox rows still unapplied: ${rows.filter((r) => !r.outcome).map((r) => r.id)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** Event bodies as Attio sends them (ids and the actor, never values). */
export const attioEvents = {
  recordUpdated: (objectId: string, recordId: string, actor: WebhookEvent["actor"] = member()): WebhookEvent => ({
    event_type: "record.updated",
    id: { workspace_id: "ws", object_id: objectId, record_id: recordId, attribute_id: randomUUID() },
    actor,
  }),
  recordMerged: (objectId: string, survivor: string, original: string, actor = member()): WebhookEvent => ({
    event_type: "record.merged",
    id: { workspace_id: "ws", object_id: objectId, record_id: survivor },
    duplicate_object_id: objectId,
    duplicate_record_id: original,
    actor,
  }),
  recordDeleted: (objectId: string, recordId: string, actor = member()): WebhookEvent => ({
    event_type: "record.deleted",
    id: { workspace_id: "ws", object_id: objectId, record_id: recordId },
    actor,
  }),
  entryUpdated: (listId: string, entryId: string, parentObjectId: string, parentRecordId: string, actor = member()): WebhookEvent => ({
    event_type: "list-entry.updated",
    id: { workspace_id: "ws", list_id: listId, entry_id: entryId, attribute_id: randomUUID() },
    parent_object_id: parentObjectId,
    parent_record_id: parentRecordId,
    actor,
  }),
};

export function member(id = "11111111-1111-4111-8111-111111111111"): WebhookEvent["actor"] {
  return { type: "workspace-member", id };
}

/** What the settings page subscribes to: records' changes, merges and deletes, and list entries. */
export const TWO_WAY_SUBSCRIPTIONS = WEBHOOK_EVENT_TYPES.map((event_type) => ({ event_type, filter: null }));

/**
 * Registers a webhook in the fake Attio (started with `allowHttpTargets`) aimed at the app's
 * route, and stores it as registration would: Attio's id, the target, the secret sealed with
 * the app's payload key. The fake then delivers every change over HTTP, signed with that secret.
 */
export async function registerFakeWebhook(
  prisma: PrismaClient,
  fake: { baseUrl: string; token: string },
  appUrl: string,
  env: Record<string, string | undefined>,
): Promise<{ webhookId: string; secret: string }> {
  const targetUrl = `${appUrl}/api/attio/webhooks`;
  const res = await fetch(`${fake.baseUrl}/webhooks`, {
    method: "POST",
    headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
    body: JSON.stringify({ data: { target_url: targetUrl, subscriptions: TWO_WAY_SUBSCRIPTIONS } }),
  });
  if (res.status !== 200) throw new Error(`fake Attio refused the webhook: ${res.status} ${await res.text()}`);
  const { data } = (await res.json()) as { data: { id: { webhook_id: string }; secret: string } };
  const webhookId = data.id.webhook_id;
  await prisma.attioWebhook.deleteMany();
  await prisma.attioWebhook.create({
    data: {
      id: webhookId,
      targetUrl,
      secret: await sealWebhookSecret(data.secret, env),
      subscriptions: JSON.stringify(TWO_WAY_SUBSCRIPTIONS),
      status: "active",
    },
  });
  return { webhookId, secret: data.secret };
}

/** A member's request to the fake Attio's API (`X-Fake-Attio-Member`), as a change made in Attio's UI. */
export async function asAttioMember(
  fake: { baseUrl: string; token: string },
  method: string,
  path: string,
  body: object,
  member = "ada@leadsync.example",
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json", "x-fake-attio-member": member },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Between tests: the leads, the settings and everything two-way sync stored about them. */
export async function clearTwoWayState(prisma: PrismaClient): Promise<void> {
  await prisma.attioInboxEvent.deleteMany();
  await prisma.attioRecordState.deleteMany();
  await prisma.appSetting.deleteMany();
  await prisma.attioSettings.deleteMany();
  await prisma.lead.deleteMany();
}
