import { connection } from "next/server";
import { isSignedIn } from "@/lib/auth/guard";
import { authSettings } from "@/lib/auth/session";

/**
 * Sign out of this browser, or of every browser (moves the session epoch on). Plain forms posting
 * to /login/logout, so they work without JavaScript.
 */
export function SignOutForms() {
  return (
    <div className="sign-out">
      <form method="post" action="/login/logout">
        <button className="button" type="submit">
          Sign out
        </button>
      </form>
      <form method="post" action="/login/logout">
        <input type="hidden" name="scope" value="everywhere" />
        <button className="button" type="submit">
          Sign out everywhere
        </button>
      </form>
    </div>
  );
}

/**
 * The sign-out forms for a signed-in user (nothing with access control off). Rendered per request
 * (`connection()`): a page prerendered at build time, when no password is set, would never show them.
 */
export async function SessionControls() {
  await connection();
  if (!authSettings() || !(await isSignedIn())) return null;
  return <SignOutForms />;
}
