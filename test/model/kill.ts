/**
 * The model's "worker killed" operations: the sync runs on a task queue of its own, served only by
 * a real worker process (test/helpers/worker-process.ts), which is SIGKILLed after the fake has
 * applied a given number of writes of that run; another process then finishes the run. With
 * kills on, the inbound per-record workflows run on this queue too, so a kill right after the
 * intake stored a delivery (before its apply) hits them. The in-process worker of the other
 * operations never sees this queue.
 */
import { FAST_TIMING, startSync, waitFor } from "../helpers/reliability";
import { uniqueTaskQueue } from "../helpers/temporal";
import { prebuildWorkflowBundle, startWorkerProcess, type WorkerProcess, type WorkflowBundleFile } from "../helpers/worker-process";
import type { ModelSystem } from "./system";

export class KillSwitch {
  readonly taskQueue = uniqueTaskQueue("model-kill");
  private bundle?: WorkflowBundleFile;
  private worker?: WorkerProcess;

  constructor(private readonly sys: ModelSystem) {}

  private async startWorker(): Promise<WorkerProcess> {
    this.bundle ??= await prebuildWorkflowBundle();
    return startWorkerProcess({
      client: this.sys.client,
      taskQueue: this.taskQueue,
      databaseUrl: this.sys.db.url,
      bundlePath: this.bundle.path,
      stickyTimeoutMs: 1_000,
      env: { ATTIO_API_KEY: this.sys.fake.token, ATTIO_BASE_URL: this.sys.fake.baseUrl, ATTIO_TIMEOUT_MS: "5000" },
    });
  }

  async start(): Promise<void> {
    this.worker ??= await this.startWorker();
  }

  /** SIGKILLs the worker process and starts another on the same queue. */
  async killAndRestart(): Promise<void> {
    await this.start();
    await this.worker!.kill();
    this.worker = await this.startWorker();
  }

  /** Starts a sync of the lead, kills the worker after `afterWrites` applied Attio writes (or at the run's end), restarts it, waits. */
  async syncAndKill(leadId: number, afterWrites: number): Promise<void> {
    this.worker ??= await this.startWorker();
    const from = this.sys.fake.requests().length;
    const handle = await startSync(this.sys.client, this.taskQueue, leadId, { timing: FAST_TIMING, workflowTaskTimeout: "2s" });
    let closed = false;
    const result = handle.result().then(
      () => (closed = true),
      () => (closed = true),
    );
    const writes = () =>
      this.sys.fake
        .requests()
        .slice(from)
        .filter((r) => r.kind === "write" && r.processed).length;
    await waitFor(() => closed || writes() >= afterWrites, `${afterWrites} Attio writes of lead ${leadId}'s run`, { timeoutMs: 60_000 });
    await this.worker.kill();
    this.worker = await this.startWorker();
    await result;
  }

  async close(): Promise<void> {
    await this.worker?.stop();
    this.bundle?.remove();
  }
}
