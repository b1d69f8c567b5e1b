import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertWorkerConfig, loadSettings, type Env, type Settings } from "../web/src/lib/config";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Loads the repo's `.env` if present; variables already in the environment win. */
export function loadDotEnv(file = path.join(repoRoot, ".env")): void {
  if (!process.env.LEADSYNC_SKIP_DOTENV && fs.existsSync(file)) process.loadEnvFile(file);
}

/**
 * The worker's settings. Validates every variable the worker reads first and throws a ConfigError
 * naming each bad one, so the worker refuses to start on bad config. A missing ATTIO_API_KEY is
 * not an error: the UI reports it (spec).
 */
export function workerSettingsFromEnv(env: Env = process.env): Settings {
  assertWorkerConfig(env);
  return loadSettings(env);
}
