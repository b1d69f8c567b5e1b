// The leadsync worker process: runs syncLeadWorkflow and its activities.
// Usage: `npm run worker` (reads .env; TEMPORAL_ADDRESS, DATABASE_URL, ATTIO_API_KEY, ATTIO_BASE_URL).
//
// Optional knobs, mainly for tests and benchmarks that run many short-lived workers:
//   LEADSYNC_WORKER_IDENTITY       the identity shown in the Temporal UI and in DescribeTaskQueue
//                                  pollers (default: pid@host)
//   LEADSYNC_WORKFLOW_BUNDLE       path of a prebuilt workflow bundle (bundleWorkflowCode's code
//                                  written to a file): skips webpack, so the worker polls sooner
//   LEADSYNC_STICKY_TIMEOUT_MS     how long a run's next workflow task waits for this worker's
//                                  sticky queue before any worker may take it (SDK default 10 s)
import { NativeConnection, type WorkerOptions } from "@temporalio/worker";
import { createPrismaClient } from "../web/src/lib/db";
import { createLeadsyncWorker } from "./create-worker";
import { loadDotEnv, workerConfigFromEnv } from "./env";

function knobs(env = process.env): Partial<WorkerOptions> {
  const out: Partial<WorkerOptions> = {};
  if (env.LEADSYNC_WORKER_IDENTITY) out.identity = env.LEADSYNC_WORKER_IDENTITY;
  // Given both, the SDK uses the bundle and ignores workflowsPath (with a warning): clear the path.
  if (env.LEADSYNC_WORKFLOW_BUNDLE) Object.assign(out, { workflowsPath: undefined, workflowBundle: { codePath: env.LEADSYNC_WORKFLOW_BUNDLE } });
  const sticky = Number(env.LEADSYNC_STICKY_TIMEOUT_MS);
  if (env.LEADSYNC_STICKY_TIMEOUT_MS && Number.isFinite(sticky) && sticky > 0) out.stickyQueueScheduleToStartTimeout = sticky;
  return out;
}

async function main() {
  loadDotEnv();
  const config = workerConfigFromEnv();
  if (!process.env.ATTIO_API_KEY) {
    // The spec wants this surfaced in the UI, so the worker still starts: each sync fails with a clear message.
    console.warn("leadsync worker: ATTIO_API_KEY is not set; syncs will fail until it is (see .env.example).");
  }
  const prisma = createPrismaClient();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createLeadsyncWorker({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    prisma,
    workerOptions: {
      maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
      ...(config.maxTaskQueueActivitiesPerSecond > 0 ? { maxTaskQueueActivitiesPerSecond: config.maxTaskQueueActivitiesPerSecond } : {}),
      ...knobs(),
    },
  });
  console.log(`leadsync worker: polling task queue "${config.taskQueue}" on ${config.temporalAddress} (namespace ${config.namespace})`);
  // Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are drained.
  await worker.run();
  await connection.close();
  await prisma.$disconnect();
}

main().catch((err) => {
  console.error("leadsync worker failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
