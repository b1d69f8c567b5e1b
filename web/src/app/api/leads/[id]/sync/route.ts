import { NextResponse } from "next/server";
import { parseLeadId } from "@/lib/leads/lead-id";
import { leadSyncStatus } from "@/lib/sync/sync-status";
import { webDeps } from "@/app/web-deps";
import { denyUnauthenticated } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

/**
 * Sync status for polling. A route handler rather than a server action, because Next.js runs
 * server actions one at a time per client: a poll would wait behind the running sync action.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const denied = await denyUnauthenticated(req);
  if (denied) return denied;
  const id = parseLeadId((await ctx.params).id);
  if (id === null) return NextResponse.json({ error: "Invalid lead id." }, { status: 400 });
  const status = await leadSyncStatus(id, webDeps());
  if (!status) return NextResponse.json({ error: `Lead ${id} was not found.` }, { status: 404 });
  return NextResponse.json(status, { headers: { "cache-control": "no-store" } });
}
