import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { Client, Connection } from "@temporalio/client";
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkerOptions } from "@temporalio/worker";
import { dataConverterFromEnv } from "../../web/src/lib/temporal/codec";
import { createLeadsyncWorker } from "../../temporal/create-worker";
import { workerConfigFromEnv } from "../../temporal/env";
import type { Config } from "../../web/src/lib/config";
import type { PrismaClient } from "../../web/src/lib/db";
import type { TemporalSettings } from "../../web/src/lib/temporal/client";
import type { SyncLeadDeps } from "../../web/src/lib/sync/run-sync";

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  /** What the worker reads on every activity: a test may change a field (e.g. `attio.apiKey`) for its next runs. */
  config: Config;
  shutdown(): Promise<void>;
}

/** A unique task queue per test file, so files sharing the run's dev server never steal tasks. */
export function uniqueTaskQueue(prefix = "test"): string {
  return `${prefix}-${randomUUID()}`;
}

let runtimeInstalled = false;
/**
 * Worker state changes are logged at INFO; keep test output to warnings and errors. The first
 * caller in a process picks the level (the Temporal runtime is installed once per process).
 */
function quietRuntime(level: "WARN" | "ERROR") {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger(level) });
}

export interface TestWorkerOptions {
  prisma: PrismaClient;
  env: Record<string, string | undefined>;
  taskQueue?: string;
  /** Extra worker options, e.g. the task-queue rate limit or activity slots. */
  workerOptions?: Partial<WorkerOptions>;
  /** ERROR for files that provoke many retries on purpose (each would log a warning). */
  logLevel?: "WARN" | "ERROR";
}

/** Runs the real leadsync worker in this process against the run's Temporal dev server. */
export async function startTestWorker(opts: TestWorkerOptions): Promise<TestWorker> {
  quietRuntime(opts.logLevel ?? "WARN");
  const taskQueue = opts.taskQueue ?? uniqueTaskQueue();
  const connection = await NativeConnection.connect({ address: inject("temporalAddress") });
  const config = workerConfigFromEnv({ ...opts.env, TEMPORAL_TASK_QUEUE: taskQueue });
  const worker = await createLeadsyncWorker({ connection, prisma: opts.prisma, config, workerOptions: opts.workerOptions });
  const running = worker.run();
  return {
    worker,
    taskQueue,
    config,
    async shutdown() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** A client on the run's dev server; with LEADSYNC_PAYLOAD_KEY in `env` it encrypts payloads like the web app's. */
export async function connectTestClient(env: Record<string, string | undefined> = {}): Promise<Client> {
  const connection = await Connection.connect({ address: inject("temporalAddress") });
  return new Client({ connection, dataConverter: await dataConverterFromEnv(env) });
}

export function testSettings(taskQueue: string, address = inject("temporalAddress")): TemporalSettings {
  return { address, namespace: "default", taskQueue, uiUrl: "http://localhost:8233" };
}

/** The web app's sync service wired to the test server and database. */
export function testSyncDeps(opts: { prisma: PrismaClient; client: Client; taskQueue: string }): SyncLeadDeps {
  return { prisma: opts.prisma, getClient: async () => opts.client, settings: testSettings(opts.taskQueue) };
}
