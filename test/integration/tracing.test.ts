/**
 * Traces end to end: the web app's sync service (with the Temporal client the app builds), the
 * real worker in this process with traces on, the run's Temporal dev server and the fake Attio
 * over HTTP. No OpenTelemetry collector installs on this machine (Debian has no otelcol package),
 * so the spans land in the SDK's InMemorySpanExporter, after the same allowlist an OTLP export
 * passes through (test/unit/tracing.test.ts sends one to an OTLP/HTTP endpoint).
 */
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Client } from "@temporalio/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeadWithEvidence } from "../../prisma/lead-fixtures";
import { runLeadSync } from "../../web/src/lib/sync/run-sync";
import { getTemporalClient } from "../../web/src/lib/temporal/client";
import { leadWorkflowId } from "../../web/src/lib/temporal/contract";
import { startTracing, type Tracing } from "../../web/src/lib/tracing";
import { useSyncHarness } from "../helpers/harness";
import { testSettings } from "../helpers/temporal";

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let appClient: Promise<Client> | undefined;

// Registered before the harness's hooks: traces are on when its worker is created, and off after it stopped.
beforeAll(() => {
  tracing = startTracing(null, { serviceName: "leadsync-test", exporter })!;
});
afterAll(async () => {
  await (await appClient)?.connection.close();
  await tracing.shutdown();
});

describe("traces of a sync, from the sync service to each Attio request", () => {
  const h = useSyncHarness({ worker: { kind: "in-process", logLevel: "ERROR" }, client: true, resetFakeAfterEach: true });

  /** The web app's own client (lib/temporal/client.ts), so its tracing interceptor is the app's. */
  const deps = () => {
    appClient ??= getTemporalClient(testSettings(h.taskQueue));
    return { ...h.syncDeps(), getClient: () => appClient! };
  };

  /** Every exported span of the trace that `root` starts, once the workflow's own span came through its sink. */
  async function traceOf(rootName: string): Promise<ReadableSpan[]> {
    let spans: ReadableSpan[] = [];
    await expect
      .poll(
        async () => {
          await tracing.forceFlush();
          const root = exporter.getFinishedSpans().find((s) => s.name === rootName);
          spans = root ? exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === root.spanContext().traceId) : [];
          return spans.some((s) => s.name === "RunWorkflow:syncLeadWorkflow");
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    return spans;
  }

  it("links the click's span, the workflow start, the workflow, its activities and one client span per Attio request in one trace", async () => {
    exporter.reset();
    const lead = await createLeadWithEvidence(h.db.prisma);

    const result = await runLeadSync(lead.id, deps());

    expect(result).toMatchObject({ success: true });
    const spans = await traceOf("syncLeadToAttio");
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);
    const named = (name: string) => spans.filter((s) => s.name === name);

    const [root] = named("syncLeadToAttio");
    expect(root!.parentSpanId).toBeUndefined();
    const [start] = named("StartWorkflow:syncLeadWorkflow");
    expect(parentOf(start!)).toBe(root);
    const [run] = named("RunWorkflow:syncLeadWorkflow");
    expect(parentOf(run!)).toBe(start);

    const activityStarts = spans.filter((s) => s.name.startsWith("StartActivity:"));
    const activityRuns = spans.filter((s) => s.name.startsWith("RunActivity:"));
    expect(activityStarts.length).toBeGreaterThanOrEqual(3);
    expect(activityRuns).toHaveLength(activityStarts.length);
    for (const s of activityStarts) expect(parentOf(s), s.name).toBe(run);
    for (const s of activityRuns) expect(parentOf(s)?.name, s.name).toBe(s.name.replace("RunActivity:", "StartActivity:"));

    const attioRequests = h.fake.requests().filter((r) => r.kind !== "control");
    const httpSpans = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(httpSpans).toHaveLength(attioRequests.length);
    expect(attioRequests.length).toBeGreaterThanOrEqual(3);
    for (const s of httpSpans) {
      expect(parentOf(s)?.name, s.name).toMatch(/^RunActivity:/);
      expect(s.attributes["http.response.status_code"], s.name).toBeTypeOf("number");
      expect(s.attributes["url.template"], s.name).toMatch(/^(\/([a-z_]+|\{id\}))+$/);
    }
    expect(httpSpans.map((s) => `${s.attributes["http.request.method"]} ${s.attributes["http.response.status_code"]}`).sort()).toEqual(
      attioRequests.map((r) => `${r.method} ${r.status}`).sort(),
    );
  });

  it("puts the lead id and the run id on every span of the trace", async () => {
    exporter.reset();
    const lead = await createLeadWithEvidence(h.db.prisma);

    await runLeadSync(lead.id, deps());

    const spans = await traceOf("syncLeadToAttio");
    const { runId } = await h.client.workflow.getHandle(leadWorkflowId(lead.id)).describe();
    for (const s of spans) {
      expect(s.attributes["leadsync.lead_id"], s.name).toBe(lead.id);
      // The start span is the client's: the run id is Temporal's interceptor's attribute there.
      expect(s.attributes[s.name.startsWith("StartWorkflow:") ? "run_id" : "leadsync.run_id"], s.name).toBe(runId);
    }
  });

  it("exports no personal data, API key or query string in any span", async () => {
    exporter.reset();
    const lead = await createLeadWithEvidence(h.db.prisma);

    await runLeadSync(lead.id, deps());

    const spans = await traceOf("syncLeadToAttio");
    const exported = JSON.stringify(
      spans.map((s) => ({
        name: s.name,
        attributes: s.attributes,
        events: s.events,
        links: s.links,
        status: s.status,
        resource: s.resource.attributes,
      })),
    );
    const forbidden = [lead.email!, lead.name, lead.companyName!, lead.companyDomain!, lead.linkedinUrl!, h.attioEnv.ATTIO_API_KEY!, "?"];
    for (const value of forbidden) expect(exported, value).not.toContain(value);
  });

  it("marks a failed Attio request and its activity with the status and the error's type, never the error's message", async () => {
    exporter.reset();
    const lead = await createLeadWithEvidence(h.db.prisma, { email: "failing@notes.example", companyDomain: "notes.example" });
    h.fake.setFaults({ errorRate: 1, errorStatus: 400, only: ["POST /v2/notes"] });

    const result = await runLeadSync(lead.id, deps());

    h.fake.setFaults({});
    expect(result).toMatchObject({ success: false });
    const spans = await traceOf("syncLeadToAttio");
    const [note] = spans.filter((s) => s.name === "POST /notes");
    expect(note!.status.code).toBe(SpanStatusCode.ERROR);
    expect(note!.attributes).toMatchObject({ "http.response.status_code": 400, "error.type": "400" });
    const [activity] = spans.filter((s) => s.name === "RunActivity:addNote");
    expect(activity!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(activity!.events.map((e) => e.attributes)).toContainEqual({ "exception.type": expect.any(String) });
    for (const s of spans) expect(s.status.message, s.name).toBeUndefined();
    expect(JSON.stringify(spans.map((s) => [s.attributes, s.events]))).not.toContain(result.error!.slice(0, 40));
  });
});
