"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAttioClient } from "@/lib/attio/client";
import { AttioConfigError } from "@/lib/attio/errors";
import { loadCrmSettings } from "@/lib/crm-settings/mapping-store";
import { connectWebhooks, currentWebhook, refreshWebhookStatus, webhookTargetUrl } from "@/lib/attio-webhooks/registration";
import { requireSignedIn } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { createSchedule, RECONCILE_PASS, ScheduleServiceError, triggerSchedule } from "@/lib/schedule/service";
import { webDeps } from "@/app/web-deps";

/** What a webhook action answers the panel: never the secret. */
export type WebhookActionState = { ok: boolean | null; message: string };

const connectInput = z.object({ publicUrl: z.string().trim().min(1, "Give the app's public URL first.").max(2000) });

/**
 * The reconcile pass's schedule goes with the webhook (created, or kept with its interval and
 * paused state); `catchUp` also starts a pass now, for the gap a broken webhook left.
 */
async function scheduleReconcile(catchUp: boolean): Promise<string> {
  const deps = { ...webDeps(), pass: RECONCILE_PASS };
  try {
    const { status } = await createSchedule(deps);
    const every = status.exists && status.every ? `every ${status.every}` : "on its schedule";
    if (!catchUp) return ` The reconcile pass runs ${every}.`;
    const { alreadyRunning } = await triggerSchedule(deps);
    return alreadyRunning
      ? " A reconcile pass is already running."
      : " A reconcile pass started to catch up on what Attio did not deliver.";
  } catch (err) {
    if (err instanceof ScheduleServiceError) return ` The reconcile pass is not scheduled: ${err.message}`;
    throw err;
  }
}

/** Starts a reconcile pass now (from the panel), creating its schedule when missing. */
export async function reconcileNowAction(_prev: WebhookActionState, _form: FormData): Promise<WebhookActionState> {
  await requireSignedIn();
  const message = (await scheduleReconcile(true)).trim();
  revalidatePath("/settings/attio");
  return { ok: !message.startsWith("The reconcile pass is not scheduled"), message };
}

async function register(targetUrl: string, verb: string): Promise<WebhookActionState> {
  const prisma = getPrisma();
  const { settings } = await loadCrmSettings(prisma);
  try {
    const result = await connectWebhooks(prisma, createAttioClient(), { targetUrl, listSlug: settings.list });
    if (!result.ok) {
      revalidatePath("/settings/attio");
      return { ok: false, message: result.error };
    }
    const reconcile = await scheduleReconcile(verb === "Recreated");
    revalidatePath("/settings/attio");
    return {
      ok: true,
      message: `${verb}: Attio delivers ${result.webhook.events.length} event types to ${result.webhook.targetUrl}. The secret is stored and will not be shown.${reconcile}`,
    };
  } catch (err) {
    if (err instanceof AttioConfigError) return { ok: false, message: err.message };
    throw err;
  }
}

/** Creates leadsync's webhook in Attio for the given public URL (replacing an earlier one). */
export async function connectWebhooksAction(_prev: WebhookActionState, form: FormData): Promise<WebhookActionState> {
  await requireSignedIn();
  const parsed = connectInput.safeParse({ publicUrl: form.get("publicUrl") ?? "" });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid input." };
  const target = webhookTargetUrl(parsed.data.publicUrl);
  if (!target.ok) return { ok: false, message: target.error };
  return register(target.targetUrl, "Connected");
}

/** Re-reads the webhook's status; a degraded, inactive or vanished one is recreated at the same URL. */
export async function repairWebhooksAction(_prev: WebhookActionState, _form: FormData): Promise<WebhookActionState> {
  await requireSignedIn();
  const prisma = getPrisma();
  const current = await currentWebhook(prisma);
  if (!current) return { ok: false, message: "No webhook is registered: connect webhooks first." };
  try {
    const checked = await refreshWebhookStatus(prisma, createAttioClient(), current.id);
    if (!checked.ok) return { ok: false, message: checked.error };
    if (checked.webhook.status === "active") {
      revalidatePath("/settings/attio");
      return { ok: true, message: "The webhook is active in Attio: nothing to repair." };
    }
  } catch (err) {
    if (err instanceof AttioConfigError) return { ok: false, message: err.message };
    throw err;
  }
  return register(current.targetUrl, "Recreated");
}
