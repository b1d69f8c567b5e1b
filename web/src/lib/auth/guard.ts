// Guards for server actions and route handlers: the proxy (src/proxy.ts) already turns away
// unauthenticated requests, but a server action can be reached by POSTing its id to any page
// the proxy might not cover, so each action and route checks again (Next's data-security guide).
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { authSettings, requestIsAuthorized, SESSION_COOKIE, verifySessionToken } from "./session";

/**
 * First line of every server action. Signed in (or access control off): returns. Otherwise the
 * action does not run: the client is sent to the sign-in page (a direct POST gets that redirect).
 */
export async function requireSignedIn(): Promise<void> {
  const settings = authSettings();
  if (!settings) return;
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (await verifySessionToken(token, settings)) return;
  const referer = (await headers()).get("referer");
  let next = "/leads";
  try {
    if (referer) next = new URL(referer).pathname;
  } catch {
    /* keep the default */
  }
  redirect(`/login?next=${encodeURIComponent(next)}`);
}

/**
 * First line of every route handler: `const denied = await denyUnauthenticated(request); if (denied) return denied;`
 * Returns a 401 JSON response when the request carries no valid session, else null.
 */
export async function denyUnauthenticated(request: Request): Promise<NextResponse | null> {
  if (await requestIsAuthorized(request)) return null;
  return NextResponse.json({ error: "Sign-in required." }, { status: 401, headers: { "cache-control": "no-store" } });
}
