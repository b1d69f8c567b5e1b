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
