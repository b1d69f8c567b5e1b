/**
 * The worker's readiness signal: a tiny HTTP listener on 127.0.0.1 (LEADSYNC_WORKER_HEALTH_PORT)
 * whose GET /ready answers 200 once the worker runs, its connection reaches Temporal, and the
 * shared Attio budget in the database answers; 503 otherwise, with the same body as the web app's
 * readiness (lib/health/checks.ts). Loopback only: compose's healthcheck (and a Kubernetes exec
 * probe) runs inside the container; nothing outside it needs, or gets, this port.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { NativeConnection } from "@temporalio/worker";
import type { PrismaClient } from "../../web/src/lib/db";
import { CHECK_TIMEOUT_MS, type CachedCheck, type CheckOutcome, cachedCheck, readinessReport } from "../../web/src/lib/health/checks";

export interface WorkerReadinessDeps {
  /** The Temporal worker's state (Worker.getState()), or null before it is created. */
  state: () => string | null;
  checks: Record<string, CachedCheck>;
}

/** The worker's own checks: Temporal through its connection, the Attio budget table through Prisma. */
export function workerChecks(deps: { connection: NativeConnection; prisma: PrismaClient; cacheMs: number }): Record<string, CachedCheck> {
  const opts = { cacheMs: deps.cacheMs, timeoutMs: CHECK_TIMEOUT_MS + 500 };
  const temporal = async (): Promise<CheckOutcome> => {
    try {
      await deps.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => deps.connection.workflowService.getSystemInfo({}));
      return { ok: true };
    } catch {
      return { ok: false, reason: "unreachable" };
    }
  };
  // A read of the budget's rows reserves no send slot, so the check costs Attio's budget nothing.
  const budget = async (): Promise<CheckOutcome> => {
    try {
      await deps.prisma.attioBudget.findMany({ take: 1 });
      return { ok: true };
    } catch {
      return { ok: false, reason: "unreachable" };
    }
  };
  return { temporal: cachedCheck(temporal, opts), attioBudget: cachedCheck(budget, opts) };
}

export interface ReadinessServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port); GET /ready answers the report, anything else 404. */
export async function startReadinessServer(port: number, deps: WorkerReadinessDeps): Promise<ReadinessServer> {
  const server = http.createServer((req, res) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || req.url !== "/ready") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const state = deps.state();
    const running = state === "RUNNING";
    // While the worker is not running, the upstream checks are not run: its state is the answer.
    const report = running
      ? readinessReport(deps.checks, { worker: { ok: true, state } })
      : Promise.resolve({ ready: false, body: { status: "not ready", checks: { worker: { ok: false, reason: "not running", state } } } });
    void report.then(({ ready, body }) => {
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
