import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Connection } from "@temporalio/client";
import { freePort } from "./ports";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  /** SQLite file for persistence; in-memory when omitted (tests). */
  dbFile?: string;
  port?: number;
  /** Web UI port; no UI when `headless` is true. */
  uiPort?: number;
  headless?: boolean;
  /** Forward the server's own log lines here (default: dropped). */
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** Path of the Temporal CLI, built or found by scripts/ensure-temporal.sh (cached, idempotent). */
export function temporalCliPath(): string {
  return execFileSync("bash", [path.join(here, "..", "ensure-temporal.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/**
 * Starts `temporal server start-dev` and waits until its frontend answers gRPC. The SDK's own
 * helper gives a server only 5 s on 2 busy cores (docs/temporal-notes.md pitfall 2); this waits longer.
 */
export async function startTemporalDevServer(opts: TemporalDevServerOptions = {}): Promise<TemporalDevServer> {
  const bin = temporalCliPath();
  const port = opts.port ?? (await freePort());
  const args = [
    "server",
    "start-dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--log-level",
    "warn",
    // No outbound version check: these machines (and many CI runners) are offline.
    "--dynamic-config-value",
    "frontend.enableServerVersionCheck=false",
    // One partition per task queue keeps matching cheap and task-queue rate limits exact.
    "--dynamic-config-value",
    "matching.numTaskqueueReadPartitions=1",
    "--dynamic-config-value",
    "matching.numTaskqueueWritePartitions=1",
  ];
  if (opts.dbFile) args.push("--db-filename", opts.dbFile);
  let uiUrl: string | null = null;
  if (opts.headless ?? true) {
    args.push("--headless");
  } else {
    const uiPort = opts.uiPort ?? port + 1000;
    args.push("--ui-port", String(uiPort));
    uiUrl = `http://localhost:${uiPort}`;
  }
  const child = spawn(bin, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: "1" },
  });
  const forward = (buf: Buffer) => {
    if (!opts.onLog) return;
    for (const line of buf.toString().split("\n")) if (line.trim()) opts.onLog(line);
  };
  child.stdout!.on("data", forward);
  child.stderr!.on("data", forward);
  let exited: number | null = null;
  child.on("exit", (code) => {
    exited = code ?? -1;
  });

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (exited !== null) throw new Error(`temporal dev server exited early with code ${exited}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1_000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`temporal dev server on ${address} not ready: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  return {
    address,
    uiUrl,
    process: child,
    async stop() {
      if (exited !== null) return;
      const done = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
}
