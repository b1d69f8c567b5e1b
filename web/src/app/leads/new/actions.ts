"use server";

import { redirect } from "next/navigation";
import { requireSignedIn } from "@/lib/auth/guard";
import { getPrisma } from "@/lib/db";
import { createLead, leadFormValues, validateLead } from "@/lib/leads/lead-input";
import type { NewLeadState } from "@/lib/leads/form-state";

/**
 * Creates one lead from the "Add lead" form and opens it. Validation failures come back as
 * messages per field (with the typed values, so the form keeps them); nothing throws to the page.
 * Reachable by direct POST, so everything in the FormData is treated as untrusted text.
 */
export async function createLeadAction(_prev: NewLeadState, formData: FormData): Promise<NewLeadState> {
  await requireSignedIn();
  const values = leadFormValues((field) => formData.get(field));
  const result = validateLead(values);
  if (!result.ok) {
    const count = Object.keys(result.fieldErrors).length;
    return { values, fieldErrors: result.fieldErrors, formError: count === 1 ? "One field needs fixing." : `${count} fields need fixing.` };
  }
  let id: number;
  try {
    id = await createLead(getPrisma(), result.lead);
  } catch {
    return { values, fieldErrors: {}, formError: "The lead could not be saved because of a database error. Try again." };
  }
  // Outside the try: redirect() works by throwing.
  redirect(`/leads/${id}`);
}
