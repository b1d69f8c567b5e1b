// Access control (Next 16's proxy, formerly middleware). With LEADSYNC_PASSWORD set, every page,
// server action and route needs a signed session cookie; without it the app is open (the local
// development default). Server actions and route handlers check again themselves
// (lib/auth/guard.ts): the proxy is the first line, not the only one.
import { NextResponse, type NextRequest } from "next/server";
import { authSettings, requestIsAuthorized } from "@/lib/auth/session";
import { currentSessionEpoch } from "@/lib/auth/epoch";
import { HOST_REFUSED_MESSAGE, hostAllowed } from "@/lib/auth/host";
import { isSessionRevoked } from "@/lib/auth/revocations";

/** Reachable signed out: the sign-in page and its form endpoints. */
const PUBLIC_PATHS = new Set(["/login", "/login/session", "/login/logout"]);
/** Authenticates by itself (session cookie or bearer token) and must answer CORS preflights, which carry no cookies. */
const CODEC_PREFIX = "/api/codec/";
/** Attio's webhook deliveries carry no session: the route verifies their signature itself. */
const ATTIO_WEBHOOKS_PATH = "/api/attio/webhooks";
/**
 * Probes from compose and Kubernetes carry no session and another Host (a container name, a pod
 * address), so these skip both the sign-in and the open app's Host check. Their answers hold only
 * up/down and fixed reasons, nothing a rebinding page could use (app/api/health).
 */
const HEALTH_PATHS = new Set(["/api/health/live", "/api/health/ready"]);

/** A plain GET or HEAD of a health route (never a server action posted to its path). */
function isHealthProbe(request: NextRequest): boolean {
  const readOnly = request.method === "GET" || request.method === "HEAD";
  return readOnly && !request.headers.has("next-action") && HEALTH_PATHS.has(request.nextUrl.pathname);
}

export async function proxy(request: NextRequest) {
  if (isHealthProbe(request)) return NextResponse.next();
  if (!authSettings()) {
    // Open app: refuse names other than loopback's and the public URL's (DNS rebinding).
    if (hostAllowed(request.headers.get("host"))) return NextResponse.next();
    return new NextResponse(HOST_REFUSED_MESSAGE, { status: 421, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
  }
  const { pathname, search } = request.nextUrl;
  // A server action runs whatever page it is posted to, so an action call is never public.
  const isAction = request.headers.has("next-action");
  if (!isAction && (PUBLIC_PATHS.has(pathname) || pathname.startsWith(CODEC_PREFIX) || pathname === ATTIO_WEBHOOKS_PATH)) {
    return NextResponse.next();
  }
  if (await requestIsAuthorized(request, process.env, { epoch: () => currentSessionEpoch(), revoked: (t) => isSessionRevoked(t) }))
    return NextResponse.next();

  const login = `/login?next=${encodeURIComponent(pathname + search)}`;
  if (isAction) {
    // Refused. The header makes Next's client navigate to the sign-in page instead of failing silently.
    return new NextResponse("Sign-in required.", {
      status: 401,
      headers: { "content-type": "text/plain", "x-action-redirect": `${login};push`, "cache-control": "no-store" },
    });
  }
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: "Sign-in required." }, { status: 401, headers: { "cache-control": "no-store" } });
  }
  if (request.method === "GET" || request.method === "HEAD") {
    // request.url carries the Host the browser used, so the redirect keeps the cookie's host.
    return NextResponse.redirect(new URL(login, request.url));
  }
  return new NextResponse("Sign-in required.", { status: 401, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}

export const config = {
  // Everything but the build's static assets (hashed JS/CSS without data) and the icon, which the
  // sign-in page shows too.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
