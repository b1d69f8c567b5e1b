import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertWorkerConfig, loadConfig, type Config, type Env } from "../web/src/lib/config";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Loads the repo's `.env` if present; variables already in the environment win. */
export function loadDotEnv(file = path.join(repoRoot, ".env")): void {
  if (!process.env.LEADSYNC_SKIP_DOTENV && fs.existsSync(file)) process.loadEnvFile(file);
}

/**
 * The worker's configuration. Validates every variable the worker reads first and throws a
 * ConfigError naming each bad one, so the worker refuses to start on bad config. A missing
 * ATTIO_API_KEY is not an error: each sync then fails with MISSING_ATTIO_KEY_MESSAGE (spec).
 */
export function workerConfigFromEnv(env: Env = process.env): Config {
  assertWorkerConfig(env);
  return loadConfig(env);
}
