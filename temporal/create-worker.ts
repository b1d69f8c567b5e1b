import { NativeConnection, Worker, type WorkerOptions } from "@temporalio/worker";
import { createAttioClient, attioOptionsFromEnv } from "../web/src/lib/attio/client";
import type { PrismaClient } from "../web/src/lib/db";
import { createSyncActivities } from "./activities";
import { workflowsPath } from "./worker-options";

export interface LeadsyncWorkerDeps {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  prisma: PrismaClient;
  /** Environment the Attio client reads (ATTIO_API_KEY, ATTIO_BASE_URL, ATTIO_TIMEOUT_MS). */
  env?: Record<string, string | undefined>;
  workerOptions?: Partial<WorkerOptions>;
}

/** Builds the leadsync worker: the sync workflows plus activities wired to Prisma and Attio. */
export async function createLeadsyncWorker(deps: LeadsyncWorkerDeps): Promise<Worker> {
  const env = deps.env ?? process.env;
  const activities = createSyncActivities({
    prisma: deps.prisma,
    attio: () => createAttioClient(attioOptionsFromEnv(env)),
    attioApiKey: () => env.ATTIO_API_KEY || undefined,
  });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace ?? "default",
    taskQueue: deps.taskQueue,
    workflowsPath,
    activities,
    ...deps.workerOptions,
  });
}
