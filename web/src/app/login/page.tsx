import type { Metadata } from "next";
import Link from "next/link";
import { authSettings, safeNextPath } from "@/lib/auth/session";
import { isSignedIn } from "@/lib/auth/guard";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// A Map, not an object literal: `?error=__proto__` must not find Object.prototype.
const MESSAGES = new Map(
  Object.entries({
    password: "That password is not right. Try again.",
    throttled: "Too many failed attempts. Wait a few minutes, then try again.",
    origin: "The sign-in form was sent from another site. Open this page and try again.",
  }),
);

/**
 * Shared-password sign-in. A plain HTML form posting to /login/session (a route handler, not a
 * server action: the proxy refuses every unauthenticated server action call), so it works
 * without JavaScript too.
 */
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const next = safeNextPath(one(sp.next));
  const error = MESSAGES.get(one(sp.error) ?? "");
  const settings = authSettings();

  if (!settings) {
    return (
      <section className="card login-card">
        <h1>Sign-in is off</h1>
        <p className="muted">
          This workspace is open to anyone who can reach it. Set LEADSYNC_PASSWORD and LEADSYNC_SESSION_SECRET to require a password.
        </p>
        <Link className="button primary" href="/leads">
          Go to leads
        </Link>
      </section>
    );
  }

  const signedIn = await isSignedIn();
  return (
    <section className="card login-card" style={{ maxWidth: 420, margin: "48px auto" }}>
      <h1>Sign in</h1>
      {signedIn ? (
        <>
          <p className="muted">You are signed in (sign out at the top of the page).</p>
          <Link className="button primary" href={next}>
            Continue
          </Link>
        </>
      ) : (
        <form method="post" action="/login/session" style={{ display: "grid", gap: 12 }}>
          <p className="muted" style={{ margin: 0 }}>
            Enter the workspace password to see your leads.
          </p>
          <input type="hidden" name="next" value={next} />
          <label htmlFor="password" style={{ display: "grid", gap: 4 }}>
            Password
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              // biome-ignore lint/a11y/noAutofocus: the password is the page's only field
              autoFocus
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "login-error" : undefined}
              style={{ font: "inherit", padding: "8px 10px", border: "1px solid var(--line)", borderRadius: 8 }}
            />
          </label>
          {error && (
            <p id="login-error" role="alert" className="error-text" style={{ margin: 0 }}>
              {error}
            </p>
          )}
          <button className="button primary" type="submit">
            Sign in
          </button>
        </form>
      )}
    </section>
  );
}
