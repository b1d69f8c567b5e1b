"use server";

import { z } from "zod";
import { requireSignedIn } from "@/lib/auth/guard";
import { webDeps } from "@/app/web-deps";
import { MAX_BULK_LEADS, existingLeadIds, failedLeadIds, leadIdsMatching, startBulkSync, type BulkStartResult } from "@/lib/bulk/service";
import { MAX_SEARCH_LENGTH } from "@/lib/leads/queries";

// Server actions are reachable by direct POST, so every input is validated.
const selectionSchema = z.union([
  z.object({ kind: z.literal("ids"), ids: z.array(z.number().int().positive()).min(1).max(MAX_BULK_LEADS) }).strict(),
  z.object({ kind: z.literal("search"), q: z.string().max(MAX_SEARCH_LENGTH * 2) }).strict(),
]);
export type BulkSelection = z.infer<typeof selectionSchema>;

/** "Sync selected": the ticked leads, or every lead matching the search. */
export async function syncSelectedLeadsAction(selection: BulkSelection): Promise<BulkStartResult> {
  await requireSignedIn(); // outside any try: it ends the action with a redirect to sign in
  const parsed = selectionSchema.safeParse(selection);
  if (!parsed.success) return { ok: false, error: "Invalid selection." };
  const deps = webDeps();
  const ids =
    parsed.data.kind === "ids" ? await existingLeadIds(deps.prisma, parsed.data.ids) : await leadIdsMatching(deps.prisma, parsed.data.q);
  return startBulkSync(deps, ids, "bulk");
}

/** "Retry all failed": every lead whose last sync failed. */
export async function retryAllFailedLeadsAction(input?: Record<string, never>): Promise<BulkStartResult> {
  await requireSignedIn();
  if (!z.object({}).strict().optional().safeParse(input).success) return { ok: false, error: "Invalid input." };
  const deps = webDeps();
  return startBulkSync(deps, await failedLeadIds(deps.prisma), "retry");
}
