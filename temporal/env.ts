import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertWorkerConfig } from "../web/src/lib/config";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Loads the repo's `.env` if present; variables already in the environment win. */
export function loadDotEnv(file = path.join(repoRoot, ".env")): void {
  if (!process.env.LEADSYNC_SKIP_DOTENV && fs.existsSync(file)) process.loadEnvFile(file);
}

export interface WorkerConfig {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** Server-side activity dispatch limit for the whole task queue (Attio's write budget); 0 = none. */
  maxTaskQueueActivitiesPerSecond: number;
  maxConcurrentActivities: number;
}

/**
 * The worker's settings. Validates every variable the worker reads first (web/src/lib/config.ts)
 * and throws a ConfigError naming each bad one, so the worker refuses to start on bad config. A
 * missing ATTIO_API_KEY is not an error: the UI reports it (spec).
 */
export function workerConfigFromEnv(env: Record<string, string | undefined> = process.env): WorkerConfig {
  assertWorkerConfig(env);
  const num = (name: string, fallback: number) => (env[name]?.trim() ? Number(env[name]) : fallback);
  return {
    temporalAddress: env.TEMPORAL_ADDRESS || "127.0.0.1:7233",
    namespace: env.TEMPORAL_NAMESPACE || "default",
    taskQueue: env.TEMPORAL_TASK_QUEUE || "leadsync",
    maxTaskQueueActivitiesPerSecond: num("LEADSYNC_MAX_ACTIVITIES_PER_SECOND", 0),
    maxConcurrentActivities: num("LEADSYNC_MAX_CONCURRENT_ACTIVITIES", 20),
  };
}
