// The HTTP listener Prometheus scrapes, for the web app and the worker: GET /metrics and nothing
// else, on its own port (never the app's), so the app's sign-in and routes stay out of it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { isLoopbackHost } from "../config";

export interface MetricsListener {
  server: http.Server;
  /** http://host:port/metrics */
  url: string;
  close(): Promise<void>;
}

/** Serves `registry` on host:port (port 0: any free one); rejects when the port cannot be bound. */
export function startMetricsListener(registry: Registry, host: string, port: number): Promise<MetricsListener> {
  const loopbackOnly = isLoopbackHost(host);
  const server = http.createServer(async (req, res) => {
    // Bound to loopback, only a local scraper can connect, and it names a loopback host: any other
    // Host is a web page's DNS rebinding, refused as the app refuses it (lib/auth/host.ts).
    if (loopbackOnly && !isLoopbackHost(hostnameOf(req.headers.host))) {
      res.writeHead(421, { "content-type": "text/plain" }).end("Misdirected request.\n");
      return;
    }
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Only GET /metrics is served here.\n");
      return;
    }
    try {
      const body = await registry.metrics();
      res
        .writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" })
        .end(req.method === "HEAD" ? undefined : body);
    } catch {
      // No detail: a collector's error (a database error) is no business of whoever scrapes.
      res.writeHead(500, { "content-type": "text/plain" }).end("Collecting the metrics failed.\n");
    }
  });
  // A scrape is a short request; idle keep-alive sockets must not hold a shutdown up.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      server.unref();
      const address = server.address() as AddressInfo;
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${shown}:${address.port}/metrics`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The host name of a Host header (`127.0.0.1:9464`, `[::1]:9464`), or "" when absent. */
function hostnameOf(header: string | undefined): string {
  if (!header) return "";
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return "";
  }
}
