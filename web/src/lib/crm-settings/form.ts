/**
 * The settings form's fields to validated settings (server actions are reachable by direct POST,
 * so every field is checked here, whatever the page allowed).
 */
import { crmSettingsSchema, EMPTY_SETTINGS, MAPPABLE_FIELD_KEYS, type CrmSettings } from "./schema";

/**
 * The Attio reads the page offers choices from. The page posts `read.<name>=ok` for each read that
 * succeeded; for one that failed its selects could not show the saved choice and post nothing, so
 * the save keeps what `previous` holds instead of storing less.
 */
export const SETTINGS_READS = ["lists", "members", "attributes"] as const;

export type FormResult = { ok: true; settings: CrmSettings } | { ok: false; errors: string[] };

const text = (form: FormData, key: string): string | null => {
  const v = form.get(key);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
};

export function formToSettings(form: FormData, previous: CrmSettings = EMPTY_SETTINGS): FormResult {
  const loaded = (read: (typeof SETTINGS_READS)[number]) => form.get(`read.${read}`) === "ok";
  const mapping: Record<string, { attribute: string; rule: string }> = {};
  for (const field of MAPPABLE_FIELD_KEYS) {
    const attribute = text(form, `map.${field}`);
    if (attribute) mapping[field] = { attribute, rule: text(form, `rule.${field}`) ?? "if-empty" };
  }
  const list = text(form, "list");
  const listChoices = loaded("lists")
    ? {
        list,
        stageAttribute: list ? text(form, "stageAttribute") : null,
        stage: list ? text(form, "stage") : null,
        stageRule: form.get("stageAlways") === "on" ? "always" : "create",
        ownerAttribute: list ? text(form, "ownerAttribute") : null,
      }
    : {
        list: previous.list,
        stageAttribute: previous.stageAttribute,
        stage: previous.stage,
        stageRule: previous.stageRule,
        ownerAttribute: previous.ownerAttribute,
      };
  const parsed = crmSettingsSchema.safeParse({
    ...listChoices,
    ownerEmail: loaded("members") ? text(form, "ownerEmail") : previous.ownerEmail,
    mapping: loaded("attributes") ? mapping : previous.mapping,
    createSelectOptions: form.get("createSelectOptions") === "on",
    // Two-way choices are set elsewhere; a form without them keeps them.
    recreateDeletedRecords: form.has("recreateDeletedRecords")
      ? form.get("recreateDeletedRecords") === "on"
      : previous.recreateDeletedRecords,
    pauseResyncStages: form.has("pauseResyncStages")
      ? String(form.get("pauseResyncStages"))
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean)
      : previous.pauseResyncStages,
    appUrl: text(form, "appUrl"),
  });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`) };
  return { ok: true, settings: parsed.data };
}
