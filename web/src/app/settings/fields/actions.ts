"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireSignedIn } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { FIELD_RULES, POLICY_FIELDS, type FieldPolicyOverrides } from "@/lib/attio/field-policy";
import { saveFieldPolicy } from "@/lib/crm-settings/field-policy-store";

export type SaveFieldPolicyState = { status: "idle" } | { status: "saved" } | { status: "invalid"; error: string };

/** "default" in the form means: no page override for that field (the environment or the default applies). */
const formSchema = z.object(Object.fromEntries(POLICY_FIELDS.map((f) => [f, z.enum([...FIELD_RULES, "default"])])));

/** Saves the field policy from the settings form. Reachable by direct POST, so every value is checked. */
export async function saveFieldPolicyAction(_prev: SaveFieldPolicyState, formData: FormData): Promise<SaveFieldPolicyState> {
  await requireSignedIn();
  const parsed = formSchema.safeParse(Object.fromEntries(POLICY_FIELDS.map((f) => [f, formData.get(f)])));
  if (!parsed.success) return { status: "invalid", error: "Each field needs one of: always, if-empty, never or default." };
  const overrides: FieldPolicyOverrides = {};
  for (const [field, rule] of Object.entries(parsed.data)) {
    if (rule !== "default") overrides[field as keyof FieldPolicyOverrides] = rule;
  }
  try {
    await saveFieldPolicy(getPrisma(), overrides);
  } catch {
    return { status: "invalid", error: "The settings could not be saved because of a database error. Try again." };
  }
  revalidatePath("/settings/fields");
  return { status: "saved" };
}
