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

/**
 * Per-client failed sign-in counter (in memory, per web process): after MAX_FAILURES within
 * WINDOW_MS further attempts are refused until the window passes, which makes guessing the
 * shared password slow without a database table.
 */
const MAX_FAILURES = 10;
const WINDOW_MS = 10 * 60_000;
const failures = new Map<string, { count: number; since: number }>();

export const loginThrottle = {
  blocked(client: string, now = Date.now()): boolean {
    const f = failures.get(client);
    if (f && now - f.since > WINDOW_MS) failures.delete(client);
    return (failures.get(client)?.count ?? 0) >= MAX_FAILURES;
  },
  fail(client: string, now = Date.now()): void {
    const f = failures.get(client);
    if (!f || now - f.since > WINDOW_MS) failures.set(client, { count: 1, since: now });
    else f.count++;
    // Bounded memory: a flood of distinct clients only forgets the oldest entries.
    if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
  },
  reset(client: string): void {
    failures.delete(client);
  },
};
