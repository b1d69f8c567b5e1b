import { NextResponse } from "next/server";
import { webReadiness } from "@/lib/health/web-readiness";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database, Temporal and Attio (the token) pass, else 503; the body names
 * each check, its fixed reason and its age (lib/health). Open to any Host and without sign-in
 * (src/proxy.ts): it reveals which upstream is down, never an address, a message or a secret.
 */
export async function GET() {
  const { ready, body } = await webReadiness().report();
  return NextResponse.json(body, { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
