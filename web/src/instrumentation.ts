// Runs once when a Next.js server starts, before it serves a request: the web app refuses to
// start on bad configuration, with one line per bad variable (lib/config.ts). A missing
// ATTIO_API_KEY is allowed: the lead page reports it (spec). It also stamps each request with
// its TCP peer's address, which the sign-in throttle keys on (lib/auth/peer-address.ts), and names
// the process's log lines (lib/log.ts).
export async function register() {
  // The Node.js server only (the docs' pattern, so the check stays out of any Edge bundle).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitOnInvalidWebConfig } = await import("@/lib/config");
    exitOnInvalidWebConfig();
    const { initLogger } = await import("@/lib/log");
    initLogger("leadsync-web");
    // Traces (OTEL_EXPORTER_OTLP_ENDPOINT): off, and nothing installed, unless configured.
    const [{ loadConfig }, { startTracing }] = await Promise.all([import("@/lib/config"), import("@/lib/tracing")]);
    startTracing(loadConfig().traces, { serviceName: "leadsync-web" });
    const { installPeerAddressHeader } = await import("@/lib/auth/peer-address");
    installPeerAddressHeader();
    await startMetricsWhenConfigured();
  }
}

/** The Prometheus listener on its own port (LEADSYNC_WEB_METRICS_PORT; docs/operations.md), when set. */
async function startMetricsWhenConfigured() {
  const { loadConfig } = await import("@/lib/config");
  const { metrics } = loadConfig();
  if (process.env.NEXT_PHASE === "phase-production-build" || !metrics.webPort) return;
  const { startWebMetrics } = await import("@/lib/metrics/web");
  try {
    const listener = await startWebMetrics(metrics);
    console.log(`leadsync web: metrics on ${listener.url}`);
  } catch (err) {
    console.error(`leadsync web: cannot serve metrics on ${metrics.host}:${metrics.webPort}: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
