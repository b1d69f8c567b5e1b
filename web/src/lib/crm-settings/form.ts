/**
 * The settings form's fields to validated settings (server actions are reachable by direct POST,
 * so every field is checked here, whatever the page allowed).
 */
import { crmSettingsSchema, MAPPABLE_FIELD_KEYS, type CrmSettings } from "./schema";

export type FormResult = { ok: true; settings: CrmSettings } | { ok: false; errors: string[] };

const text = (form: FormData, key: string): string | null => {
  const v = form.get(key);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
};

export function formToSettings(form: FormData): FormResult {
  const mapping: Record<string, { attribute: string; rule: string }> = {};
  for (const field of MAPPABLE_FIELD_KEYS) {
    const attribute = text(form, `map.${field}`);
    if (attribute) mapping[field] = { attribute, rule: text(form, `rule.${field}`) ?? "if-empty" };
  }
  const list = text(form, "list");
  const parsed = crmSettingsSchema.safeParse({
    list,
    stageAttribute: list ? text(form, "stageAttribute") : null,
    stage: list ? text(form, "stage") : null,
    stageRule: form.get("stageAlways") === "on" ? "always" : "create",
    ownerAttribute: list ? text(form, "ownerAttribute") : null,
    ownerEmail: text(form, "ownerEmail"),
    mapping,
    createSelectOptions: form.get("createSelectOptions") === "on",
    appUrl: text(form, "appUrl"),
  });
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`) };
  return { ok: true, settings: parsed.data };
}
