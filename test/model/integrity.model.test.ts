/**
 * Model-based test of CRM integrity (issue 11): random sequences of workspace edits, syncs and
 * Attio users' edits, merges and deletes against the real worker, Temporal dev server, test
 * database and the fake Attio over HTTP; after every step the invariants of ./invariants.ts.
 *
 * Bounded by default (fixed seed, a few short sequences). A long run:
 *   npm run test:model -- --runs 500 --steps 30 --seed 42 [--kill]
 * which sets MODEL_RUNS / MODEL_STEPS / MODEL_SEED / MODEL_KILL for this file. A failure prints
 * the shrunk sequence, the violated invariants and the command that replays exactly that sequence
 * (seed, path and the commands' replay path: MODEL_SEED, MODEL_PATH, MODEL_REPLAY_PATH).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvariantViolation, Real, initialLeadsArb, modelCommands, type Model } from "./commands";
import { KillSwitch } from "./kill";
import { resetModelSystem, startModelSystem, type ModelSystem } from "./system";

const env = process.env;
const RUNS = Number(env.MODEL_RUNS) || 8;
const STEPS = Number(env.MODEL_STEPS) || 15;
const SEED = Number(env.MODEL_SEED) || 20261130;
const KILL = env.MODEL_KILL === "1";
/** Shrinking re-runs whole sequences against the real system: after this long, the smallest failure so far is reported. */
/** Exploration only: violations matching this regular expression are looked past (MODEL_IGNORE="I2: .*jobTitle"). */
const IGNORE = env.MODEL_IGNORE ? new RegExp(env.MODEL_IGNORE) : undefined;
const SHRINK_SECONDS = Number(env.MODEL_SHRINK_SECONDS) || 90;

describe("CRM integrity as leads and Attio records evolve (model-based)", () => {
  let sys: ModelSystem;
  let kill: KillSwitch | undefined;

  beforeAll(async () => {
    sys = await startModelSystem();
    if (KILL) kill = new KillSwitch(sys);
  });
  afterAll(async () => {
    await kill?.close();
    await sys?.close();
  });

  it(`keeps I1..I6 over ${RUNS} sequences of up to ${STEPS} steps (seed ${SEED}${KILL ? ", with worker kills" : ""})`, {
    retry: 0,
    timeout: 60 * 60_000,
  }, async () => {
    let firstFailureAt: number | undefined;
    let sequences = 0;
    let steps = 0;
    const started = Date.now();
    const property = fc.asyncProperty(
      initialLeadsArb,
      modelCommands({ maxCommands: STEPS, kill: KILL, replayPath: env.MODEL_REPLAY_PATH }),
      async (initial, cmds) => {
        // Shrinking budget spent: count this candidate as passing so fast-check stops and reports
        // the smallest failing sequence it has.
        if (firstFailureAt !== undefined && Date.now() - firstFailureAt > SHRINK_SECONDS * 1000) return;
        await resetModelSystem(sys);
        sequences++;
        try {
          await fc.asyncModelRun(() => ({ model: { leads: 0 } satisfies Model, real: new Real(sys, kill, IGNORE) }), [...initial, ...cmds]);
        } catch (err) {
          firstFailureAt ??= Date.now();
          throw err;
        } finally {
          steps += initial.length + [...cmds].length;
          if (env.MODEL_VERBOSE) console.log(`[model] sequence ${sequences}: ${initial.join(", ")}, ${cmds.toString()}`);
        }
      },
    );
    const details = await fc.check(property, {
      seed: SEED,
      numRuns: RUNS,
      ...(env.MODEL_PATH ? { path: env.MODEL_PATH } : {}),
    });
    console.log(`[model] ${sequences} sequences, ${steps} steps in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED})`);
    if (details.failed) {
      const error = details.errorInstance;
      const violations = error instanceof InvariantViolation ? error.message : String(error);
      const report = fc.defaultReportMessage(details) ?? "";
      const replayPath = report.match(/replayPath="([^"]*)"/)?.[1];
      expect.fail(
        `${report}\n\n${violations}\n\nreplay: npm run test:model -- --seed ${details.seed} --path ${details.counterexamplePath}` +
          `${replayPath ? ` --replay-path '${replayPath}'` : ""} --runs ${RUNS} --steps ${STEPS}${KILL ? " --kill" : ""}`,
      );
    }
  });
});
