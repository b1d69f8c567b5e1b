// The leadsync worker process: runs syncLeadWorkflow and its activities.
// Usage: `npm run worker` (reads .env; TEMPORAL_ADDRESS, DATABASE_URL, ATTIO_API_KEY, ATTIO_BASE_URL).
import { NativeConnection } from "@temporalio/worker";
import { createPrismaClient } from "../web/src/lib/db";
import { createLeadsyncWorker } from "./create-worker";
import { loadDotEnv, workerConfigFromEnv } from "./env";

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
