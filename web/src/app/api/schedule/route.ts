import { NextResponse } from "next/server";
import { ScheduleServiceError, describeSchedule, type ScheduleStatusResponse } from "@/lib/schedule/service";
import { webDeps } from "@/app/web-deps";
import { denyUnauthenticated } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

/**
 * The re-sync schedule's state, polled by the leads page panel while a pass runs. A route handler
 * rather than a server action: Next.js runs server actions one at a time per client, so a poll
 * would queue behind a click on the panel's buttons.
 */
export async function GET(request: Request) {
  const denied = await denyUnauthenticated(request);
  if (denied) return denied;
  const headers = { "cache-control": "no-store" };
  try {
    const status = await describeSchedule(webDeps());
    return NextResponse.json({ ok: true, status } satisfies ScheduleStatusResponse, { headers });
  } catch (err) {
    const known = err instanceof ScheduleServiceError;
    const body: ScheduleStatusResponse = {
      ok: false,
      error: known ? err.message : "The schedule status could not be read.",
      unavailable: known && err.kind === "unavailable",
    };
    return NextResponse.json(body, { status: body.unavailable ? 503 : 500, headers });
  }
}
