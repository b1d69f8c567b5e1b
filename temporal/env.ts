import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

export function workerConfigFromEnv(env = process.env): WorkerConfig {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  return {
    temporalAddress: env.TEMPORAL_ADDRESS || "127.0.0.1:7233",
    namespace: env.TEMPORAL_NAMESPACE || "default",
    taskQueue: env.TEMPORAL_TASK_QUEUE || "leadsync",
    maxTaskQueueActivitiesPerSecond: num("LEADSYNC_MAX_ACTIVITIES_PER_SECOND", 0),
    maxConcurrentActivities: num("LEADSYNC_MAX_CONCURRENT_ACTIVITIES", 20),
  };
}
