"use server";

import { parseLeadId } from "@/lib/leads/lead-id";
import { runLeadSync, type SyncLeadToAttioResult } from "@/lib/sync/run-sync";
import { webDeps } from "@/app/web-deps";
import { requireSignedIn } from "@/lib/auth/guard";

/**
 * Syncs one lead into Attio through the `lead-<id>` workflow and returns the spec's result.
 * Reachable by direct POST, so the input is validated; errors come back as messages, never thrown.
 */
export async function syncLeadToAttio(leadId: number): Promise<SyncLeadToAttioResult> {
  await requireSignedIn(); // outside the try: it ends the action with a redirect to sign in
  const id = parseLeadId(leadId);
  if (id === null) return { success: false, error: "Invalid lead id." };
  try {
    return await runLeadSync(id, webDeps());
  } catch {
    return { success: false, error: "The sync could not be started because of an unexpected server error." };
  }
}
