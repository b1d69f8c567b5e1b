"use server";

import { revalidatePath } from "next/cache";
import { createAttioClient } from "@/lib/attio/client";
import { AttioConfigError, AttioError } from "@/lib/attio/errors";
import { requireSignedIn } from "@/lib/auth/guard";
import { formToSettings } from "@/lib/crm-settings/form";
import { MAPPABLE_FIELD_KEYS, MAPPABLE_FIELDS } from "@/lib/crm-settings/schema";
import { loadCrmSettings, saveCrmSettings } from "@/lib/crm-settings/mapping-store";
import { getPrisma } from "@/lib/db";

export interface SettingsActionState {
  ok: boolean | null;
  message: string;
  errors: string[];
}

export async function saveCrmSettingsAction(_prev: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  await requireSignedIn(); // outside any try: it ends the action with a redirect to sign in
  const parsed = formToSettings(form);
  if (!parsed.ok) return { ok: false, message: "Not saved: fix these first.", errors: parsed.errors };
  const version = await saveCrmSettings(getPrisma(), parsed.settings);
  revalidatePath("/settings/attio");
  return { ok: true, message: `Saved (version ${version}). The next sync uses these settings.`, errors: [] };
}

/**
 * Creates, on people, every mapped attribute that Attio lacks (with the suggested slug when the
 * field is not mapped yet), then saves the mapping to them. Safe to click twice: creation is
 * idempotent in the client.
 */
export async function createMissingAttributesAction(_prev: SettingsActionState, _form: FormData): Promise<SettingsActionState> {
  await requireSignedIn();
  const prisma = getPrisma();
  const { settings } = await loadCrmSettings(prisma);
  const client = createAttioClient();
  try {
    const existing = new Set((await client.listAttributes("objects", "people")).map((a) => a.slug));
    const created: string[] = [];
    const mapping = { ...settings.mapping };
    for (const field of MAPPABLE_FIELD_KEYS) {
      const spec = MAPPABLE_FIELDS[field];
      const slug = mapping[field]?.attribute ?? spec.slug;
      if (!existing.has(slug)) {
        await client.createAttribute("objects", "people", { title: spec.title, apiSlug: slug, type: spec.type });
        created.push(slug);
      }
      mapping[field] = { attribute: slug, rule: mapping[field]?.rule ?? "if-empty" };
    }
    await saveCrmSettings(prisma, { ...settings, mapping });
    revalidatePath("/settings/attio");
    return {
      ok: true,
      message: created.length
        ? `Created ${created.join(", ")} on people and mapped every field.`
        : "Every attribute already exists; the fields are mapped.",
      errors: [],
    };
  } catch (err) {
    if (err instanceof AttioError && err.status === 403) {
      return {
        ok: false,
        message: "Attio refused: creating attributes needs the object_configuration:read-write scope on the token.",
        errors: [err.message],
      };
    }
    if (err instanceof AttioError || err instanceof AttioConfigError)
      return { ok: false, message: "Attio refused.", errors: [err.message] };
    throw err;
  }
}
