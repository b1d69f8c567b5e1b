// What traces "off" installs (nothing), the allowlist every export passes, the
// Attio path templates, and one export over OTLP/HTTP to a local endpoint. The trace of a real
// sync is test/integration/tracing.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { context, createContextKey, propagation, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { workerTracingOptions } from "../../temporal/tracing";
import { attioPathTemplate } from "../../web/src/lib/attio/http-trace";
import { loadConfig } from "../../web/src/lib/config";
import { activeTracing, clientTracingInterceptors, inSpan, redactSpan, startTracing } from "../../web/src/lib/tracing";

afterEach(async () => {
  await activeTracing()?.shutdown();
});

describe("traces off", () => {
  it("installs no tracer, context manager, propagator, worker plugin or client interceptor", async () => {
    const config = loadConfig({});

    expect(startTracing(config.traces, { serviceName: "leadsync-test" })).toBeNull();

    expect(activeTracing()).toBeNull();
    expect(workerTracingOptions(null, config)).toEqual({});
    expect(clientTracingInterceptors()).toBeUndefined();
    expect(propagation.fields()).toEqual([]);
    const key = createContextKey("probe");
    expect(context.with(context.active().setValue(key, 1), () => context.active().getValue(key))).toBeUndefined();
    expect(await inSpan("work", {}, async (span) => span)).toBeNull();
  });
});

describe("what a span may export", () => {
  const span = (over: Partial<ReadableSpan>): ReadableSpan =>
    ({
      name: "RunActivity:addNote",
      kind: SpanKind.INTERNAL,
      spanContext: () => ({ traceId: "1".repeat(32), spanId: "2".repeat(16), traceFlags: 1 }),
      parentSpanId: "3".repeat(16),
      startTime: [1, 0],
      endTime: [2, 0],
      duration: [1, 0],
      ended: true,
      status: { code: SpanStatusCode.OK },
      attributes: {},
      links: [],
      events: [],
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
      ...over,
    }) as ReadableSpan;

  it("keeps the allowlisted attributes and drops every other one, including the WorkflowInfo the workflow sink adds", () => {
    const out = redactSpan(
      span({
        attributes: {
          "leadsync.lead_id": 7,
          run_id: "r1",
          "url.template": "/notes",
          memo: "ada@example.com",
          "http.url": "https://x/?q=1",
        },
      }),
    );
    expect(out.attributes).toEqual({ "leadsync.lead_id": 7, run_id: "r1", "url.template": "/notes" });
    expect(out.spanContext().spanId).toBe("2".repeat(16));
    expect(out.parentSpanId).toBe("3".repeat(16));
  });

  it("drops the status message and keeps only the type of a recorded exception", () => {
    const out = redactSpan(
      span({
        status: { code: SpanStatusCode.ERROR, message: "Attio 400: ada@example.com is invalid" },
        events: [
          {
            name: "exception",
            time: [1, 5],
            attributes: { "exception.type": "ApplicationFailure", "exception.message": "ada@example.com", "exception.stacktrace": "at x" },
          },
        ],
      }),
    );
    expect(out.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(out.events).toEqual([{ name: "exception", time: [1, 5], attributes: { "exception.type": "ApplicationFailure" } }]);
  });
});

describe("Attio request spans", () => {
  it("name the path as a template: Attio's words kept, ids, slugs and the query replaced", () => {
    expect(attioPathTemplate("/objects/people/records/3f1c2b9e-0000-4000-8000-000000000001")).toBe("/objects/people/records/{id}");
    expect(attioPathTemplate("/objects/people/records?matching_attribute=email_addresses")).toBe("/objects/people/records");
    expect(attioPathTemplate("/lists/sales-pipeline/entries/query")).toBe("/lists/{id}/entries/query");
    expect(attioPathTemplate("/objects/companies/attributes/stage/statuses")).toBe("/objects/companies/attributes/{id}/statuses");
    expect(attioPathTemplate("/webhooks/ada%40example.com")).toBe("/webhooks/{id}");
  });
});

describe("the OTLP exporter", () => {
  it("posts the spans as OTLP/HTTP to the configured endpoint with its headers, after the allowlist", async () => {
    const received: { url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ url: req.url, headers: req.headers, body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { traces } = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: base, OTEL_EXPORTER_OTLP_HEADERS: "x-collector-key=k1" });
      const tracing = startTracing(traces, { serviceName: "leadsync-test" })!;

      await inSpan("syncLeadToAttio", { attributes: { "leadsync.lead_id": 42, "lead.email": "ada@example.com" } }, async () => undefined);
      await tracing.shutdown();

      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ url: "/v1/traces", headers: { "x-collector-key": "k1", "content-type": "application/json" } });
      const body = JSON.parse(received[0]!.body);
      const [exported] = body.resourceSpans[0].scopeSpans[0].spans;
      expect(exported.name).toBe("syncLeadToAttio");
      expect(exported.attributes).toEqual([{ key: "leadsync.lead_id", value: { intValue: 42 } }]);
      expect(body.resourceSpans[0].resource.attributes).toContainEqual({ key: "service.name", value: { stringValue: "leadsync-test" } });
    } finally {
      server.close();
    }
  });
});

describe("a collector that does not answer", () => {
  it("fails no shutdown: the last export's failure is logged, not thrown", async () => {
    const tracing = startTracing({ endpoint: "http://127.0.0.1:9/v1/traces", headers: {} }, { serviceName: "leadsync-test" })!;
    await inSpan("syncLeadToAttio", {}, async () => undefined);

    await expect(tracing.shutdown()).resolves.toBeUndefined();
    expect(activeTracing()).toBeNull();
  });
});
