import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { isSameOrigin, isSecureRequest, seeOther } from "@/lib/auth/http";

export const dynamic = "force-dynamic";

/** Signs out: clears the session cookie (POST only, from this app's pages). */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) return new NextResponse("Cross-site sign-out refused.", { status: 403 });
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
