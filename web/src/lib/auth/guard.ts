// Guards for server actions and route handlers: the proxy (src/proxy.ts) already turns away
// unauthenticated requests, but a server action can be reached by POSTing its id to any page
// the proxy might not cover, so each action and route checks again (Next's data-security guide).
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { NextResponse } from "next/server";
import { currentSessionEpoch } from "./epoch";
import { type AuthSettings, authSettings, requestIsAuthorized, SESSION_COOKIE, verifySessionToken } from "./session";
import { HOST_REFUSED_MESSAGE, hostAllowed } from "./host";
import { isSessionRevoked } from "./revocations";

/** The sign-in settings with the current session epoch, or null when access control is off. */
export async function currentAuthSettings(): Promise<AuthSettings | null> {
  const settings = authSettings();
  return settings && { ...settings, epoch: await currentSessionEpoch() };
}

/** Whether this request carries a valid session for the current epoch (true when access control is off). */
export async function isSignedIn(): Promise<boolean> {
  const settings = await currentAuthSettings();
  if (!settings) return true;
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return !!token && (await verifySessionToken(token, settings)) && !(await isSessionRevoked(token));
}

/**
 * First line of every server action. Signed in (or access control off): returns. Otherwise the
 * action does not run: the client is sent to the sign-in page (a direct POST gets that redirect).
 */
export async function requireSignedIn(): Promise<void> {
  // An open app's action posted under a foreign name (DNS rebinding) must not run.
  if (!hostAllowed((await headers()).get("host"))) throw new Error(HOST_REFUSED_MESSAGE);
  if (await isSignedIn()) return;
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
  if (!hostAllowed(request.headers.get("host")))
    return NextResponse.json({ error: HOST_REFUSED_MESSAGE }, { status: 421, headers: { "cache-control": "no-store" } });
  if (await requestIsAuthorized(request, process.env, { epoch: () => currentSessionEpoch(), revoked: (t) => isSessionRevoked(t) }))
    return null;
  return NextResponse.json({ error: "Sign-in required." }, { status: 401, headers: { "cache-control": "no-store" } });
}
