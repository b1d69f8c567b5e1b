"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createAttioClient } from "@/lib/attio/client";
import { AttioConfigError } from "@/lib/attio/errors";
import { loadCrmSettings } from "@/lib/crm-settings/mapping-store";
import { connectWebhooks, currentWebhook, refreshWebhookStatus, webhookTargetUrl } from "@/lib/attio-webhooks/registration";
import { requireSignedIn } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";

/** What a webhook action answers the panel: never the secret. */
export type WebhookActionState = { ok: boolean | null; message: string };

const connectInput = z.object({ publicUrl: z.string().trim().min(1, "Give the app's public URL first.").max(2000) });

async function register(targetUrl: string, verb: string): Promise<WebhookActionState> {
  const prisma = getPrisma();
  const { settings } = await loadCrmSettings(prisma);
  try {
    const result = await connectWebhooks(prisma, createAttioClient(), { targetUrl, listSlug: settings.list });
    revalidatePath("/settings/attio");
    if (!result.ok) return { ok: false, message: result.error };
    return {
      ok: true,
      message: `${verb}: Attio delivers ${result.webhook.events.length} event types to ${result.webhook.targetUrl}. The secret is stored and will not be shown.`,
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
