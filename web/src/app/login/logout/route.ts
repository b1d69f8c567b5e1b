import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { isSignedIn } from "@/lib/auth/guard";
import { advanceSessionEpoch } from "@/lib/auth/epoch";
import { revokeSession } from "@/lib/auth/revocations";
import { isSameOrigin, isSecureRequest, seeOther } from "@/lib/auth/http";

export const dynamic = "force-dynamic";

/**
 * Signs out: clears the session cookie (POST only, from this app's pages). With
 * `scope=everywhere` it also moves the session epoch on, which ends every session on every
 * device; only a signed-in user may do that.
 */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return new NextResponse("Cross-site sign-out refused.", { status: 403 });
  const form = await request.formData().catch(() => null);
  if (form?.get("scope") === "everywhere") {
    if (!(await isSignedIn())) return new NextResponse("Sign-in required.", { status: 401 });
    await advanceSessionEpoch();
  } else if (await isSignedIn()) {
    // This session only: its cookie stops working here and in every other web process.
    const token = request.cookies.get(SESSION_COOKIE)?.value;
    if (token) await revokeSession(token);
  }
  const res = seeOther("/login");
  res.cookies.set({
    name: SESSION_COOKIE,
    value: "",
    httpOnly: true,
    sameSite: "lax",
    secure: isSecureRequest(request),
    path: "/",
    maxAge: 0,
  });
  return res;
}
