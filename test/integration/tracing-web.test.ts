/**
 * Traces across the two processes over OTLP/HTTP: the production web build (`next start`, traces
 * turned on by OTEL_EXPORTER_OTLP_ENDPOINT alone) runs the click's server action, the real worker
 * (in this process, its tracing from the same variable) runs the workflow, both export to an
 * OTLP/HTTP receiver in this process (test/helpers/otlp-receiver.ts; no collector installs here).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { loadConfig } from "../../web/src/lib/config";
import { startTracing, type Tracing } from "../../web/src/lib/tracing";
import { useSyncHarness } from "../helpers/harness";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../helpers/otlp-receiver";
import { postServerAction, serverActionId } from "../helpers/web";

let receiver: OtlpReceiver;
let tracing: Tracing;
const webEnv: Record<string, string> = {};

// Before the harness's hooks: the receiver must listen, and the worker's tracing be on, when they start.
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  webEnv.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  tracing = startTracing(loadConfig(webEnv).traces, { serviceName: "leadsync-worker" })!;
});
afterAll(async () => {
  await tracing?.shutdown();
  await receiver?.close();
});

describe("traces of a click in the web app, exported over OTLP/HTTP by the web app and the worker", () => {
  const h = useSyncHarness({ worker: { kind: "in-process" }, web: { env: webEnv } });

  it("one trace runs from the server action's span in the web app to the worker's workflow, activities and Attio requests", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma);

    const res = await postServerAction(h.web.url, `/leads/${lead.id}`, serverActionId("syncLeadToAttio"), [lead.id]);

    expect(await res.text()).toContain('"success":true');
    let trace: ReceivedSpan[] = [];
    // The web app's batch goes out on its own schedule: wait for both processes' spans.
    await expect
      .poll(
        async () => {
          await tracing.forceFlush();
          const root = receiver.spans().find((s) => s.name === "syncLeadToAttio" && s.attributes["leadsync.lead_id"] === lead.id);
          trace = root ? receiver.spans().filter((s) => s.traceId === root.traceId) : [];
          return (
            trace.some((s) => s.name === "RunWorkflow:syncLeadWorkflow") && trace.some((s) => s.name === "StartWorkflow:syncLeadWorkflow")
          );
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    const one = (name: string) => trace.filter((s) => s.name === name);
    const [action] = one("syncLeadToAttio");
    const [start] = one("StartWorkflow:syncLeadWorkflow");
    const [run] = one("RunWorkflow:syncLeadWorkflow");
    expect(action).toMatchObject({ service: "leadsync-web", parentSpanId: null });
    expect(start).toMatchObject({ service: "leadsync-web", parentSpanId: action!.spanId });
    expect(run).toMatchObject({ service: "leadsync-worker", parentSpanId: start!.spanId });
    expect(trace.filter((s) => s.name.startsWith("RunActivity:")).length).toBeGreaterThanOrEqual(3);
    expect(trace.filter((s) => s.kind === 3)).toHaveLength(h.fake.requests().filter((r) => r.kind !== "control").length);
  });

  it("exports none of Next.js's own request spans and nothing of the lead, the API key or a query string", async () => {
    const lead = await createLeadWithEvidence(h.db.prisma, { email: "exported@nowhere.example", companyDomain: "nowhere.example" });

    await postServerAction(h.web.url, `/leads/${lead.id}`, serverActionId("syncLeadToAttio"), [lead.id]);
    await (await fetch(`${h.web.url}/leads?q=${encodeURIComponent(lead.email!)}`)).text();

    await expect
      .poll(() => receiver.spans().some((s) => s.name === "syncLeadToAttio" && s.attributes["leadsync.lead_id"] === lead.id), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(true);
    const webScopes = new Set(
      receiver
        .spans()
        .filter((s) => s.service === "leadsync-web")
        .map((s) => s.scope),
    );
    expect([...webScopes].sort()).toEqual(["leadsync"]);
    const raw = receiver.bodies().join("\n");
    for (const value of [lead.email!, lead.name, lead.companyDomain!, h.attioEnv.ATTIO_API_KEY!, "?q="])
      expect(raw, value).not.toContain(value);
  });
});
