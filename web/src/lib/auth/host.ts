// DNS rebinding guard for the open app: with sign-in off, a page on another site can point its own
// name at 127.0.0.1 and then read and drive the app, since it controls both Host and Origin. So
// while sign-in is off only loopback names, and the configured public URL's host, are served.
import { isLoopbackHost, loadConfig, type Config } from "../config";

/** The hostname of a Host header (`name:port`, `[v6]:port`), lowercased; null when malformed. */
function hostnameOf(hostHeader: string): string | null {
  try {
    return new URL(`http://${hostHeader.trim()}`).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return null;
  }
}

/** Whether a request's Host may reach the app: always with sign-in on; else loopback or the public URL's host. */
export function hostAllowed(hostHeader: string | null, config: Config = loadConfig()): boolean {
  if (config.signIn) return true;
  const hostname = hostHeader ? hostnameOf(hostHeader) : null;
  if (!hostname) return false;
  if (isLoopbackHost(hostname)) return true;
  const publicHost = hostnameOf(new URL(config.alerts.publicUrl).host);
  return hostname === publicHost;
}

export const HOST_REFUSED_MESSAGE =
  "This leadsync has no sign-in (LEADSYNC_PASSWORD is unset), so it answers only on localhost/127.0.0.1 and on LEADSYNC_PUBLIC_URL's host. Open it there, or turn sign-in on.";
