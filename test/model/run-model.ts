/**
 * `npm run test:model -- --runs N --steps S --seed X [--kill] [--path P --replay-path R] [--debug]`: the model test with
 * more (and longer) sequences. Runs vitest on test/model only, with the options as MODEL_* variables.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "100" },
    steps: { type: "string", default: "30" },
    seed: { type: "string", default: String(Math.floor(Math.random() * 2 ** 31)) },
    path: { type: "string" },
    "replay-path": { type: "string" },
    kill: { type: "boolean", default: false },
    debug: { type: "boolean", default: false },
    ignore: { type: "string" },
    "shrink-seconds": { type: "string", default: "1800" },
  },
});
const env = {
  ...process.env,
  LEADSYNC_SKIP_DOTENV: "1",
  MODEL_RUNS: values.runs,
  MODEL_STEPS: values.steps,
  MODEL_SEED: values.seed,
  MODEL_KILL: values.kill ? "1" : "0",
  ...(values.debug ? { MODEL_DEBUG: "1" } : {}),
  MODEL_SHRINK_SECONDS: values["shrink-seconds"],
  ...(values.path ? { MODEL_PATH: values.path } : {}),
  ...(values["replay-path"] ? { MODEL_REPLAY_PATH: values["replay-path"] } : {}),
  ...(values.ignore ? { MODEL_IGNORE: values.ignore } : {}),
};
const res = spawnSync("npx", ["vitest", "run", "test/model/integrity.model.test.ts"], { stdio: "inherit", env });
process.exit(res.status ?? 1);
