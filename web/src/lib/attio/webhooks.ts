/**
 * Webhook management (`/v2/webhooks`, scope `webhook:read-write`; OpenAPI around line 34112) and
 * the object lookup its filters need (`GET /v2/objects/{object}`, the object's uuid).
 * The create response is the only one that carries the secret: callers store it sealed and never return it.
 */
import { z } from "zod";
import { attioRequest, type HttpConfig } from "./http";
import { attioResource, dataListOf, dataOf } from "./schemas";

export const WEBHOOK_SCOPE = "webhook:read-write";

export const WEBHOOK_EVENT_TYPES = [
  "record.updated",
  "record.merged",
  "record.deleted",
  "list-entry.created",
  "list-entry.updated",
  "list-entry.deleted",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const conditionSchema = z.object({ field: z.string().min(1), operator: z.enum(["equals", "not_equals"]), value: z.string() });
/** Attio's filter: null (always), or exactly one flat `$and` / `$or` of conditions (no nesting). */
export const webhookFilterSchema = z.union([
  z.object({ $and: z.array(conditionSchema) }).strict(),
  z.object({ $or: z.array(conditionSchema) }).strict(),
  z.null(),
]);
export type WebhookFilter = z.infer<typeof webhookFilterSchema>;

export const webhookSubscriptionSchema = z.object({ event_type: z.string(), filter: webhookFilterSchema });
export interface WebhookSubscription {
  event_type: WebhookEventType;
  filter: WebhookFilter;
}

export const WEBHOOK_STATUSES = ["active", "degraded", "inactive"] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

const webhookSchema = attioResource("webhook_id", {
  target_url: z.string(),
  subscriptions: z.array(webhookSubscriptionSchema),
  status: z.enum(WEBHOOK_STATUSES),
  created_at: z.string(),
});
const createdWebhookSchema = webhookSchema.extend({ secret: z.string().min(1) });

export interface AttioWebhookInfo {
  id: string;
  targetUrl: string;
  subscriptions: z.infer<typeof webhookSubscriptionSchema>[];
  status: WebhookStatus;
  createdAt: string;
}

const toInfo = (w: z.infer<typeof webhookSchema>): AttioWebhookInfo => ({
  id: w.id.webhook_id,
  targetUrl: w.target_url,
  subscriptions: w.subscriptions,
  status: w.status,
  createdAt: w.created_at,
});

const webhookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export async function createWebhook(
  cfg: HttpConfig,
  input: { targetUrl: string; subscriptions: WebhookSubscription[] },
): Promise<AttioWebhookInfo & { secret: string }> {
  const res = await attioRequest(cfg, {
    method: "POST",
    path: "/webhooks",
    body: { data: { target_url: input.targetUrl, subscriptions: input.subscriptions } },
    schema: dataOf(createdWebhookSchema),
  });
  return { ...toInfo(res.data), secret: res.data.secret };
}

/** Every webhook of the workspace, page by page (limit 10-100, offset). */
export async function listWebhooks(cfg: HttpConfig): Promise<AttioWebhookInfo[]> {
  const limit = 100;
  const all: AttioWebhookInfo[] = [];
  for (let offset = 0; ; offset += limit) {
    const res = await attioRequest(cfg, { method: "GET", path: "/webhooks", query: { limit, offset }, schema: dataListOf(webhookSchema) });
    all.push(...res.data.map(toInfo));
    if (res.data.length < limit) return all;
  }
}

export async function getWebhook(cfg: HttpConfig, webhookId: string): Promise<AttioWebhookInfo> {
  const res = await attioRequest(cfg, { method: "GET", path: webhookPath(webhookId), schema: dataOf(webhookSchema) });
  return toInfo(res.data);
}

export async function deleteWebhook(cfg: HttpConfig, webhookId: string): Promise<void> {
  await attioRequest(cfg, { method: "DELETE", path: webhookPath(webhookId), schema: z.unknown() });
}

const objectSchema = attioResource("object_id", { api_slug: z.string() });

/** An object's uuid (`id.object_id`), the value a webhook filter on `id.object_id` compares with. */
export async function getObjectId(cfg: HttpConfig, object: string): Promise<string> {
  const res = await attioRequest(cfg, { method: "GET", path: `/objects/${encodeURIComponent(object)}`, schema: dataOf(objectSchema) });
  return res.data.id.object_id;
}
