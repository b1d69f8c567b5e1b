/**
 * Registering leadsync's webhook in Attio (issue 20, /settings/attio): the target URL rules, the
 * subscriptions leadsync needs, and the AttioWebhook row that keeps the secret (sealed when a
 * payload key is set). The secret goes from Attio's create response straight into the row: no
 * function here returns it.
 */
import type { AttioClient } from "../attio/client";
import { AttioError } from "../attio/errors";
import { WEBHOOK_SCOPE, type WebhookFilter, type WebhookStatus, type WebhookSubscription } from "../attio/webhooks";
import { sealWebhookSecret } from "../attio-inbound/webhook-secret";
import type { Env } from "../config";
import type { PrismaClient } from "../db";

/** Where the intake route listens, below the app's public URL. */
export const WEBHOOK_ROUTE_PATH = "/api/attio/webhooks";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Plain http to a loopback address only with this flag: Attio itself accepts https targets only. */
export const ALLOW_HTTP_FLAG = "LEADSYNC_WEBHOOKS_ALLOW_HTTP";

export type TargetUrlResult = { ok: true; targetUrl: string } | { ok: false; error: string };

/** The webhook's target from the app's public URL (its origin plus an optional base path). */
export function webhookTargetUrl(publicUrl: string, env: Env = process.env): TargetUrlResult {
  let url: URL;
  try {
    url = new URL(publicUrl.trim());
  } catch {
    return { ok: false, error: `"${publicUrl}" is not a URL; give the address people reach leadsync at, e.g. https://leads.example.com.` };
  }
  const httpAllowed = env[ALLOW_HTTP_FLAG] === "1" && url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !httpAllowed) {
    return { ok: false, error: "The public URL must start with https:// (Attio delivers webhooks over https only)." };
  }
  if (url.search || url.hash || url.username || url.password) {
    return { ok: false, error: "The public URL must not carry a query, a fragment or credentials." };
  }
  return { ok: true, targetUrl: `${url.origin}${url.pathname.replace(/\/+$/, "")}${WEBHOOK_ROUTE_PATH}` };
}

const anyOf = (field: string, values: string[]): WebhookFilter => ({
  $or: values.map((value) => ({ field, operator: "equals" as const, value })),
});

/**
 * What leadsync listens to: record merges, deletions and edits of people and companies (filtered
 * on the object's uuid), and the configured list's entries (filtered on the list's uuid). No list
 * configured: no list-entry subscriptions.
 */
export function webhookSubscriptions(ids: {
  peopleObjectId: string;
  companiesObjectId: string;
  listId: string | null;
}): WebhookSubscription[] {
  const records = anyOf("id.object_id", [ids.peopleObjectId, ids.companiesObjectId]);
  const subs: WebhookSubscription[] = (["record.updated", "record.merged", "record.deleted"] as const).map((event_type) => ({
    event_type,
    filter: records,
  }));
  if (ids.listId) {
    const entries: WebhookFilter = { $and: [{ field: "id.list_id", operator: "equals", value: ids.listId }] };
    for (const event_type of ["list-entry.created", "list-entry.updated", "list-entry.deleted"] as const)
      subs.push({ event_type, filter: entries });
  }
  return subs;
}

/** The registration as the settings page shows it: never the secret. */
export interface WebhookView {
  id: string;
  targetUrl: string;
  status: WebhookStatus | "deleted";
  createdAt: Date;
  lastEventAt: Date | null;
  checkedAt: Date | null;
  events: string[];
}

export type RegistrationResult = { ok: true; webhook: WebhookView } | { ok: false; error: string };

/** A refusal said for people: a missing scope is named. */
export function registrationError(err: unknown): string | null {
  if (!(err instanceof AttioError)) return null;
  if (err.status === 403) return `Attio refused: managing webhooks needs the ${WEBHOOK_SCOPE} scope on the token (${err.message}).`;
  return `Attio refused: ${err.message}`;
}

function toView(row: {
  id: string;
  targetUrl: string;
  status: string;
  createdAt: Date;
  lastEventAt: Date | null;
  checkedAt: Date | null;
  subscriptions: string;
}): WebhookView {
  let events: string[] = [];
  try {
    events = (JSON.parse(row.subscriptions) as { event_type: string }[]).map((s) => s.event_type);
  } catch {
    // a hand-edited row: show no events rather than fail the page
  }
  return { ...row, status: row.status as WebhookView["status"], events };
}

/** The current registration (the newest row not deleted), or null. */
export async function currentWebhook(prisma: PrismaClient): Promise<WebhookView | null> {
  const row = await prisma.attioWebhook.findFirst({ where: { status: { not: "deleted" } }, orderBy: { createdAt: "desc" } });
  return row ? toView(row) : null;
}

/**
 * Creates the webhook in Attio and stores it; earlier registrations are deleted in Attio (best
 * effort: a webhook already gone is fine) and marked deleted here, so their secrets stop verifying.
 */
export async function connectWebhooks(
  prisma: PrismaClient,
  client: AttioClient,
  input: { targetUrl: string; listSlug: string | null },
  env: Env = process.env,
): Promise<RegistrationResult> {
  try {
    const [peopleObjectId, companiesObjectId, lists] = await Promise.all([
      client.getObjectId("people"),
      client.getObjectId("companies"),
      input.listSlug ? client.listLists() : Promise.resolve([]),
    ]);
    const listId = input.listSlug ? (lists.find((l) => l.slug === input.listSlug)?.id ?? null) : null;
    if (input.listSlug && !listId)
      return { ok: false, error: `The list "${input.listSlug}" is not in Attio any more: choose a list and save first.` };
    const subscriptions = webhookSubscriptions({ peopleObjectId, companiesObjectId, listId });
    const created = await client.createWebhook({ targetUrl: input.targetUrl, subscriptions });
    const previous = await prisma.attioWebhook.findMany({ where: { status: { not: "deleted" }, id: { not: created.id } } });
    for (const old of previous)
      await client.deleteWebhook(old.id).catch((err) => (err instanceof AttioError && err.status === 404 ? null : Promise.reject(err)));
    const row = await prisma.$transaction(async (tx) => {
      await tx.attioWebhook.updateMany({ where: { id: { in: previous.map((p) => p.id) } }, data: { status: "deleted" } });
      return tx.attioWebhook.create({
        data: {
          id: created.id,
          targetUrl: created.targetUrl,
          secret: await sealWebhookSecret(created.secret, env),
          subscriptions: JSON.stringify(created.subscriptions),
          status: created.status,
          checkedAt: new Date(),
        },
      });
    });
    return { ok: true, webhook: toView(row) };
  } catch (err) {
    const error = registrationError(err);
    if (error) return { ok: false, error };
    throw err;
  }
}

/** Reads the webhook's status from Attio into the row (404: gone, marked deleted). */
export async function refreshWebhookStatus(prisma: PrismaClient, client: AttioClient, webhookId: string): Promise<RegistrationResult> {
  try {
    const live = await client
      .getWebhook(webhookId)
      .catch((err) => (err instanceof AttioError && err.status === 404 ? null : Promise.reject(err)));
    const row = await prisma.attioWebhook.update({
      where: { id: webhookId },
      data: { status: live?.status ?? "deleted", checkedAt: new Date() },
    });
    return { ok: true, webhook: toView(row) };
  } catch (err) {
    const error = registrationError(err);
    if (error) return { ok: false, error };
    throw err;
  }
}

/** A webhook Attio no longer delivers to reliably: recreate it (then reconcile the gap). */
export function needsRepair(status: WebhookView["status"]): boolean {
  return status === "degraded" || status === "inactive" || status === "deleted";
}
