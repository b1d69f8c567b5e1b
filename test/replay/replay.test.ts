/**
 * Every committed history (runs recorded by scripts/record-replay-histories.ts from earlier code)
 * must replay on today's workflow code: a run in flight during a deploy continues on the new
 * workers. A change that breaks one needs `patched()`, not a new recording.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { historyFromJSON } from "@temporalio/common/lib/proto-utils";
import { DefaultLogger, Runtime, Worker } from "@temporalio/worker";
import { workflowsPath } from "../../temporal/workflows-path";

// Worker state changes log at INFO; this file only wants failures.
Runtime.install({ logger: new DefaultLogger("ERROR") });

const dir = path.join(import.meta.dirname, "histories");
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

function load(file: string) {
  return historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
}

describe("replay of committed histories", () => {
  it("loads every JSON history through the SDK's loader (one protobufjs copy serves common and proto)", () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const f of files) expect(load(f).events?.length, f).toBeGreaterThan(0);
  });

  it("replays every history on today's workflow code without nondeterminism", async () => {
    const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ""), history: load(f) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, replayName: "committed-histories" }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
