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

export function devListen(argv: string[]): DevListen {
  const host = argv.includes(LISTEN_ALL_FLAG) ? "0.0.0.0" : "127.0.0.1";
  return {
    host,
    nextArgs: (port) => ["next", "dev", "web", "--port", String(port), "--hostname", host],
    temporalArgs: ["--ip", "127.0.0.1", "--ui-ip", host],
  };
}
