// Where `npm run dev` listens. Loopback by default: without LEADSYNC_PASSWORD the app is open,
// and the Temporal UI has no sign-in, so neither should be reachable from the network unless
// asked for (`npm run dev -- --listen-all`).

export const LISTEN_ALL_FLAG = "--listen-all";

export interface DevListen {
  /** Interface of the Next.js dev server and the Temporal UI. */
  host: string;
  /** Arguments for `next dev`. */
  nextArgs: (port: number) => string[];
  /** Arguments for `temporal server start-dev` (gRPC stays on loopback either way). */
  temporalArgs: string[];
}

export function devListen(argv: string[], opts: { signInOn: boolean }): DevListen {
  const all = argv.includes(LISTEN_ALL_FLAG);
  if (all && !opts.signInOn)
    throw new Error(
      `${LISTEN_ALL_FLAG} would serve the open app to the network: set LEADSYNC_PASSWORD and LEADSYNC_SESSION_SECRET first. ` +
        "Even then, the Temporal UI has no sign-in of its own: anyone who reaches its port sees every run (encrypt payloads with LEADSYNC_PAYLOAD_KEY).",
    );
  const host = all ? "0.0.0.0" : "127.0.0.1";
  return {
    host,
    nextArgs: (port) => ["next", "dev", "web", "--port", String(port), "--hostname", host],
    temporalArgs: ["--ip", "127.0.0.1", "--ui-ip", host],
  };
}
