/**
 * With traces on, the workflow bundle carries the OpenTelemetry workflow interceptors and
 * leadsync's (temporal/tracing.ts): every committed history must still replay on it, and a replay
 * exports no span (the workflow-span sink is not called on replay).
 */
import fs from "node:fs";
import path from "node:path";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { historyFromJSON } from "@temporalio/common/lib/proto-utils";
import { DefaultLogger, Runtime, Worker } from "@temporalio/worker";
import { afterAll, describe, expect, it } from "vitest";
import { tracingPlugins } from "../../temporal/tracing";
import { workflowsPath } from "../../temporal/workflows-path";
import { startTracing } from "../../web/src/lib/tracing";

Runtime.install({ logger: new DefaultLogger("ERROR") });

const dir = path.join(import.meta.dirname, "histories");
const histories = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({ workflowId: f.replace(/\.json$/, ""), history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))) }));

const exporter = new InMemorySpanExporter();
const tracing = startTracing(null, { serviceName: "leadsync-replay", exporter })!;
afterAll(() => tracing.shutdown());

describe("replay of committed histories with traces on", () => {
  it("replays every history with the tracing interceptors in the bundle, and exports nothing", async () => {
    const failures: string[] = [];
    const options = { workflowsPath, replayName: "committed-histories-traced", plugins: tracingPlugins(tracing) };
    for await (const result of Worker.runReplayHistories(options, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    await tracing.forceFlush();

    expect(failures).toEqual([]);
    expect(histories.length).toBeGreaterThanOrEqual(9);
    expect(exporter.getFinishedSpans()).toEqual([]);
  }, 120_000);
});
