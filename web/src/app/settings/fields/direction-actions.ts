"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { FIELD_DIRECTIONS, PULLABLE_FIELDS, type FieldDirectionOverrides } from "@/lib/attio/field-policy";
import { requireSignedIn } from "@/lib/auth/guard";
import { saveFieldDirections } from "@/lib/crm-settings/field-policy-store";
import { getPrisma } from "@/lib/db";

export type SaveDirectionsState = { status: "idle" } | { status: "saved" } | { status: "invalid"; error: string };

const formSchema = z.object(Object.fromEntries(PULLABLE_FIELDS.map((f) => [f, z.enum(FIELD_DIRECTIONS)])));

/** Saves the direction of each pullable field (push | pull | both); the rules stay as they are. */
export async function saveFieldDirectionsAction(_prev: SaveDirectionsState, formData: FormData): Promise<SaveDirectionsState> {
  await requireSignedIn();
  const parsed = formSchema.safeParse(Object.fromEntries(PULLABLE_FIELDS.map((f) => [f, formData.get(f)])));
  if (!parsed.success) return { status: "invalid", error: "Each field needs one of: push, pull or both." };
  try {
    await saveFieldDirections(getPrisma(), parsed.data as FieldDirectionOverrides);
  } catch {
    return { status: "invalid", error: "The directions could not be saved because of a database error. Try again." };
  }
  revalidatePath("/settings/fields");
  return { status: "saved" };
}
