/**
 * The real worker process (`tsx temporal/worker.ts`) as a child, so tests and benchmarks can run
 * several, SIGKILL one mid-sync and start another. It reaches Temporal, the database and the
 * (fake) Attio over loopback, like a deployed worker would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Client } from "@temporalio/client";
import proto from "@temporalio/proto";
import { bundleWorkflowCode } from "@temporalio/worker";
import { workflowsPath } from "../../temporal/workflows-path";

const root = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcessOptions {
  client: Client;
  /** TEMPORAL_ADDRESS for the worker. */
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  /** ATTIO_API_KEY, ATTIO_BASE_URL, ATTIO_TIMEOUT_MS and any other variable for the worker. */
  env: Record<string, string>;
  /** From prebuildWorkflowBundle(): skips webpack in the child, so restarts take about a second. */
  bundlePath?: string;
  /** Sticky-queue wait of the worker (LEADSYNC_STICKY_TIMEOUT_MS); short values speed up recovery from a kill. */
  stickyTimeoutMs?: number;
  /**
   * Ready once DescribeTaskQueue lists the worker among the pollers (default), or once the worker
   * says it runs: on a server with several task-queue partitions (the production server's default)
   * DescribeTaskQueue only sees the pollers of the root partition.
   */
  readyWhen?: "polling" | "running";
}

export interface WorkerProcess {
  identity: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** What it wrote to stdout alone: its log lines. */
  stdout(): string;
  /** SIGKILL to the whole process group (tsx runs the worker in a child node process). */
  kill(): Promise<void>;
  /** SIGTERM: the worker drains in-flight tasks and exits. */
  stop(): Promise<void>;
}

export interface WorkflowBundleFile {
  path: string;
  remove(): void;
}

/** Bundles the workflows once and writes the code to a temp file for LEADSYNC_WORKFLOW_BUNDLE; remove() it in afterAll. */
export async function prebuildWorkflowBundle(): Promise<WorkflowBundleFile> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leadsync-bundle-"));
  const file = path.join(dir, "workflows.js");
  fs.writeFileSync(file, code);
  return { path: file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const noop = () => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

/** Starts a worker process and resolves once it polls both the workflow and activity task queues. */
export async function startWorkerProcess(opts: WorkerProcessOptions): Promise<WorkerProcess> {
  const identity = `test-worker-${randomUUID().slice(0, 8)}`;
  let output = "";
  let stdout = "";
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    LEADSYNC_SKIP_DOTENV: "1",
    DATABASE_URL: opts.databaseUrl,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_NAMESPACE: opts.client.options.namespace,
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    LEADSYNC_WORKER_IDENTITY: identity,
    ...(opts.bundlePath ? { LEADSYNC_WORKFLOW_BUNDLE: opts.bundlePath } : {}),
    ...(opts.stickyTimeoutMs ? { LEADSYNC_STICKY_TIMEOUT_MS: String(opts.stickyTimeoutMs) } : {}),
    ...opts.env,
  };
  const proc: ChildProcess = spawn(path.join(root, "node_modules/.bin/tsx"), ["temporal/worker.ts"], {
    cwd: root,
    // Nothing of the test runner's environment leaks in but PATH and HOME (Next's typings
    // make NODE_ENV mandatory in ProcessEnv; the worker does not read it).
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so one signal reaches tsx and the node process it starts.
    detached: true,
  });
  proc.stdout!.on("data", (b) => {
    output += b;
    stdout += b;
  });
  proc.stderr!.on("data", (b) => (output += b));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  let gone = false;
  // Detached children outlive their test process; should it exit without running its afterAll
  // (a failed hook), take them along. Best effort: a test process killed by a signal cannot.
  const reap = () => {
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  process.once("exit", reap);
  void exited.then(() => {
    gone = true;
    process.off("exit", reap);
  });

  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (gone) return;
    try {
      process.kill(-proc.pid!, sig);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
    if (!gone) {
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
    }
  };
  const handle: WorkerProcess = {
    identity,
    pid: proc.pid!,
    output: () => output,
    stdout: () => stdout,
    kill: () => signal("SIGKILL", 5_000),
    stop: () => signal("SIGTERM", 10_000),
  };

  try {
    const exitedEarly = () => gone;
    if (opts.readyWhen === "running") await waitForOutput(() => output, /"state":"RUNNING"/, exitedEarly, 60_000);
    else await waitForPollers(opts.client, opts.taskQueue, identity, exitedEarly, 60_000);
  } catch (err) {
    await handle.kill();
    throw new Error(`${(err as Error).message}\nworker output:\n${output}`);
  }
  return handle;
}

/** Polls DescribeTaskQueue until `identity` is listed among the pollers of both task types. */
async function waitForPollers(client: Client, taskQueue: string, identity: string, gone: () => boolean, timeoutMs: number): Promise<void> {
  const types = [
    proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  ];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone()) throw new Error(`worker ${identity} exited before it polled`);
    const polling = await Promise.all(
      types.map(async (taskQueueType) => {
        const res = await client.workflowService.describeTaskQueue({
          namespace: client.options.namespace,
          taskQueue: { name: taskQueue },
          taskQueueType,
        });
        return (res.pollers ?? []).some((p) => p.identity === identity);
      }),
    );
    if (polling.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`worker ${identity} did not poll task queue ${taskQueue} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the process has printed a line matching `pattern`. */
async function waitForOutput(output: () => string, pattern: RegExp, gone: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (gone()) throw new Error("the worker exited before it ran");
    if (Date.now() > deadline) throw new Error(`the worker did not print ${pattern} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
