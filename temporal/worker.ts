// The leadsync worker process: runs syncLeadWorkflow, resyncLeadsWorkflow and their activities.
// Usage: `npm run worker` (reads .env; the variables are listed in README and .env.example).
import { NativeConnection, type WorkerOptions } from "@temporalio/worker";
import { createPrismaClient } from "../web/src/lib/db";
import { Client, Connection } from "@temporalio/client";
import { createLeadsyncWorker } from "./create-worker";
import { startInboundDrain } from "./inbound-drain";
import { dataConverterFromEnv } from "../web/src/lib/temporal/codec";
import { loadDotEnv, workerSettingsFromEnv } from "./env";
import type { WorkerSettings } from "../web/src/lib/config";

/** Worker options from the settings that tests and benchmarks set for short-lived workers. */
function processWorkerOptions(worker: WorkerSettings): Partial<WorkerOptions> {
  const out: Partial<WorkerOptions> = {};
  if (worker.identity) out.identity = worker.identity;
  // Given both, the SDK uses the bundle and ignores workflowsPath (with a warning): clear the path.
  if (worker.workflowBundlePath) Object.assign(out, { workflowsPath: undefined, workflowBundle: { codePath: worker.workflowBundlePath } });
  if (worker.stickyTimeoutMs) out.stickyQueueScheduleToStartTimeout = worker.stickyTimeoutMs;
  if (worker.maxTaskQueueActivitiesPerSecond > 0) out.maxTaskQueueActivitiesPerSecond = worker.maxTaskQueueActivitiesPerSecond;
  out.maxConcurrentActivityTaskExecutions = worker.maxConcurrentActivities;
  return out;
}

async function main() {
  loadDotEnv();
  const settings = workerSettingsFromEnv();
  const { temporal } = settings;
  if (!settings.attio.apiKey) {
    // The spec wants this surfaced in the UI, so the worker still starts: each sync fails with a clear message.
    console.warn("leadsync worker: ATTIO_API_KEY is not set; syncs will fail until it is (see .env.example).");
  }
  const prisma = createPrismaClient();
  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createLeadsyncWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    prisma,
    workerOptions: processWorkerOptions(settings.worker),
  });
  // Inbound Attio events the web app stored but could not signal (Temporal was down) go out from here.
  const client = new Client({
    connection: await Connection.connect({ address: temporal.address }),
    namespace: temporal.namespace,
    dataConverter: (await dataConverterFromEnv()) ?? undefined,
  });
  const drain = startInboundDrain({
    prisma,
    client,
    taskQueue: temporal.taskQueue,
    onError: (err) => console.warn("leadsync worker: inbox drain:", err instanceof Error ? err.message : err),
  });
  console.log(`leadsync worker: polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
  // Worker.run() resolves after SIGINT/SIGTERM once in-flight tasks are drained.
  await worker.run();
  await drain.stop();
  await client.connection.close();
  await connection.close();
  await prisma.$disconnect();
}

main().catch((err) => {
  console.error("leadsync worker failed:", err instanceof Error ? err.message : err);
  process.exit(1);
});
