// Small HTTP helpers for the sign-in routes.
import { NextResponse } from "next/server";

/**
 * A 303 to a path on this site. Relative on purpose: a route handler's request.url may name
 * another host than the one the browser used (localhost vs 127.0.0.1), and the session cookie
 * belongs to the host the browser used.
 */
export function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
}

/** https directly, or behind a TLS-terminating proxy that says so. */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/**
 * Whether a form POST comes from this app's own pages: browsers send Origin on POSTs; a missing
 * Origin (old clients, curl) is allowed, a foreign one is not. Compared with the Host the browser
 * used (what request.url is built from), so it works behind a proxy too.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
