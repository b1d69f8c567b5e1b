import { NextResponse } from "next/server";
import { denyUnauthenticated } from "@/lib/auth/guard";
import { webDeps } from "@/app/web-deps";
import { describeBulkSync } from "@/lib/bulk/service";

export const dynamic = "force-dynamic";

/** The latest bulk sync's progress, polled by the leads page while it runs (a route, so polls never queue behind actions). */
export async function GET(request: Request) {
  const denied = await denyUnauthenticated(request);
  if (denied) return denied;
  return NextResponse.json(await describeBulkSync(webDeps()), { headers: { "cache-control": "no-store" } });
}
