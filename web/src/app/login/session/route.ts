import type { NextRequest } from "next/server";
import { authSettings, createSessionToken, passwordMatches, safeNextPath, SESSION_COOKIE, SESSION_TTL_SECONDS } from "@/lib/auth/session";
import { isSameOrigin, isSecureRequest, loginThrottle, seeOther } from "@/lib/auth/http";

export const dynamic = "force-dynamic";

/** The sign-in form's target: checks the shared password, sets the session cookie, goes on to `next`. */
export async function POST(request: NextRequest) {
  const settings = authSettings();
  const form = await request.formData().catch(() => null);
  const next = safeNextPath(typeof form?.get("next") === "string" ? (form.get("next") as string) : null);
  const back = (error: string) => seeOther(`/login?error=${error}&next=${encodeURIComponent(next)}`);

  if (!settings) return seeOther(next);
  // Login CSRF: only this app's own page may post here.
  if (!isSameOrigin(request)) return back("origin");
  const client = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
  if (loginThrottle.blocked(client)) return back("throttled");

  const password = form?.get("password");
  if (typeof password !== "string" || !(await passwordMatches(password, settings))) {
    loginThrottle.fail(client);
    return back("password");
  }
  loginThrottle.reset(client);
  const res = seeOther(next);
  res.cookies.set({
    name: SESSION_COOKIE,
    value: await createSessionToken(settings),
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
  return res;
}
