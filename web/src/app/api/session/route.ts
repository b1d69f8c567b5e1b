import { NextResponse } from "next/server";
import { denyUnauthenticated } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

/**
 * 204 with a valid session (or with access control off), else 401. For a reverse proxy that
 * puts other tools, such as the Temporal UI, behind the app's sign-in (nginx `auth_request`).
 */
export async function GET(request: Request) {
  const denied = await denyUnauthenticated(request);
  if (denied) return denied;
  return new NextResponse(null, { status: 204, headers: { "cache-control": "no-store" } });
}
