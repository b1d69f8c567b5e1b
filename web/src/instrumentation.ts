// Runs once when a Next.js server starts, before it serves a request: the web app refuses to
// start on bad configuration, with one line per bad variable (lib/config.ts). A missing
// ATTIO_API_KEY is allowed: the lead page reports it (spec).
export async function register() {
  // The Node.js server only (the docs' pattern, so the check stays out of any Edge bundle).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidWebConfig } = await import("@/lib/config");
    exitOnInvalidWebConfig();
  }
}
