/** Worker processes (scripts/lib/worker-process.ts) on the test run's Temporal dev server. */
import { inject } from "vitest";
import {
  prebuildWorkflowBundle,
  startWorkerProcess as startWorkerProcessOn,
  type WorkerProcess,
  type WorkerProcessOptions,
  type WorkflowBundleFile,
} from "../../scripts/lib/worker-process";

export { prebuildWorkflowBundle, type WorkerProcess, type WorkflowBundleFile };

/** Starts a worker process on the run's Temporal dev server and resolves once it polls. */
export function startWorkerProcess(opts: Omit<WorkerProcessOptions, "temporalAddress">): Promise<WorkerProcess> {
  return startWorkerProcessOn({ ...opts, temporalAddress: inject("temporalAddress") });
}
