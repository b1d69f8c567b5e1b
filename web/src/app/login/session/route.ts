import type { NextRequest } from "next/server";
import { createSessionToken, passwordMatches, safeNextPath, SESSION_COOKIE, SESSION_TTL_SECONDS } from "@/lib/auth/session";
import { currentAuthSettings } from "@/lib/auth/guard";
import { isSameOrigin, isSecureRequest, seeOther } from "@/lib/auth/http";
import { clientAddress, sharedLoginThrottle } from "@/lib/auth/throttle";
import { loadConfig } from "@/lib/config";
import { countSignIn } from "@/lib/metrics/web";

export const dynamic = "force-dynamic";

/** The sign-in form's target: checks the shared password, sets the session cookie, goes on to `next`. */
export async function POST(request: NextRequest) {
  const settings = await currentAuthSettings();
  const form = await request.formData().catch(() => null);
  const next = safeNextPath(typeof form?.get("next") === "string" ? (form.get("next") as string) : null);
  const back = (error: string) => seeOther(`/login?error=${error}&next=${encodeURIComponent(next)}`);

  if (!settings) return seeOther(next);
  // Login CSRF: only this app's own page may post here.
  if (!isSameOrigin(request)) {
    countSignIn("cross_origin");
    return back("origin");
  }
  // Counted before the password is compared, so parallel guesses cannot overtake the count.
  const client = clientAddress(request.headers, loadConfig().auth.trustedProxyHops);
  const throttle = sharedLoginThrottle();
  const decision = await throttle.attempt(client);
  if (!decision.allowed) {
    countSignIn("throttled");
    return back("throttled");
  }
  if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));

  const password = form?.get("password");
  if (typeof password !== "string" || !(await passwordMatches(password, settings))) {
    countSignIn("wrong_password", decision.delayMs > 0);
    return back("password");
  }
  countSignIn("succeeded", decision.delayMs > 0);
  await throttle.succeeded(client);
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
