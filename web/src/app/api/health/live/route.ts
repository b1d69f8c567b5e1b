import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

/**
 * Liveness: the server process answers. It reaches nothing upstream, so an outage of the database,
 * Temporal or Attio never gets the process restarted. Open to any Host and without sign-in
 * (src/proxy.ts): it says nothing but that the process is up.
 */
export function GET() {
  return NextResponse.json({ status: "live" }, { headers: { "cache-control": "no-store" } });
}
