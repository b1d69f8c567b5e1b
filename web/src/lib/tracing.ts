/**
 * OpenTelemetry traces, for the web app and the worker alike: off unless the configuration names
 * an OTLP endpoint (config.ts, `traces`), and then one tracer provider per process whose spans
 * leave through an allowlist of attribute keys (ids, methods, path templates, statuses), so no
 * personal data, key or query string is exported whatever an instrumentation records.
 *
 * The provider is not registered as the global one: Next.js records its own request spans on the
 * global tracer (with URLs and their query strings), and those stay no-ops. The context manager
 * and the W3C propagator are global: Temporal's interceptors carry the trace through them.
 */
import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  DiagLogLevel,
  diag,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type ExportResult, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type Span as SdkSpan,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { WorkflowClientInterceptor } from "@temporalio/client";
import { OpenTelemetryWorkflowClientInterceptor } from "@temporalio/interceptors-opentelemetry/lib/client";
import type { TraceSettings } from "./config";
import { logger } from "./log";

/** leadsync's own span attributes. */
export const TRACE_ATTRIBUTES = {
  leadId: "leadsync.lead_id",
  runId: "leadsync.run_id",
  trigger: "leadsync.trigger",
  outcome: "leadsync.outcome",
} as const;

/**
 * The only attribute keys that are exported; every other attribute (and every status message and
 * exception message, which may quote a lead's data) is dropped before a span leaves the process.
 */
export const EXPORTED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(TRACE_ATTRIBUTES),
  // @temporalio/interceptors-opentelemetry's own.
  "run_id",
  "temporalWorkflowId",
  "temporalActivityId",
  // The workflow span sink copies the whole WorkflowInfo (memo, search attributes...) onto workflow spans: these only.
  "workflowId",
  "runId",
  "workflowType",
  // HTTP client spans (OpenTelemetry semantic conventions): the path template, never the URL.
  "http.request.method",
  "http.response.status_code",
  "url.template",
  "server.address",
  "server.port",
  "error.type",
  // Exception events keep the error's class, not its message or stack.
  "exception.type",
]);

export interface Tracing {
  tracer: Tracer;
  /** Where ended spans go (the worker's workflow-span sink feeds it the sandbox's spans). */
  processor: SpanProcessor;
  resource: Resource;
  forceFlush(): Promise<void>;
  /** Flushes (a failed last export is logged, not thrown), then uninstalls the process's tracing. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `service.name` of the spans: leadsync-web or leadsync-worker. */
  serviceName: string;
  /** Replaces the OTLP exporter and turns tracing on without settings (tests: the SDK's InMemorySpanExporter). */
  exporter?: SpanExporter;
}

// On globalThis: Next.js loads instrumentation.ts and the app's server code as separate module
// instances, and `next dev` reloads modules.
const globalForTracing = globalThis as unknown as { leadsyncTracing?: Tracing };

/** This process's tracing, or null while traces are off. */
export function activeTracing(): Tracing | null {
  return globalForTracing.leadsyncTracing ?? null;
}

/**
 * Installs this process's tracing when `settings` (or `opts.exporter`) asks for it; with neither,
 * installs nothing and returns null. A second call returns the first one's tracing.
 */
export function startTracing(settings: TraceSettings | null, opts: TracingOptions): Tracing | null {
  const running = activeTracing();
  if (running) return running;
  const exporter = opts.exporter ?? (settings ? new OTLPTraceExporter({ url: settings.endpoint, headers: settings.headers }) : null);
  if (!exporter) return null;
  const resource = new Resource({ "service.name": opts.serviceName });
  const processor = new BatchSpanProcessor(new AllowlistExporter(exporter));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new ContextAttributesProcessor(), processor] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // Export failures (collector down) reach the SDK's diag logger, silent by default.
  const warnings = throttledWarnings();
  diag.setLogger(warnings, DiagLogLevel.ERROR);
  const tracing: Tracing = {
    tracer: provider.getTracer("leadsync"),
    processor,
    resource,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      // The last batch's export may fail (collector down): a process stopping must not fail for it.
      await provider.shutdown().catch((err: unknown) => warnings.error(err instanceof Error ? err.message : String(err)));
      context.disable();
      propagation.disable();
      diag.disable();
      if (globalForTracing.leadsyncTracing === tracing) globalForTracing.leadsyncTracing = undefined;
    },
  };
  globalForTracing.leadsyncTracing = tracing;
  return tracing;
}

/** The Temporal client's interceptors: the workflow start's span and the trace context in its headers. */
export function clientTracingInterceptors(): { workflow: WorkflowClientInterceptor[] } | undefined {
  const tracing = activeTracing();
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined;
}

/**
 * Runs `fn` in a span of leadsync's tracer; a plain call while traces are off. A thrown error marks
 * the span failed with the error's name as `error.type` (not its message).
 */
export async function inSpan<T>(
  name: string,
  opts: { kind?: SpanKind; attributes?: Attributes; errorType?: (err: unknown) => string },
  fn: (span: Span | null) => Promise<T>,
): Promise<T> {
  const tracing = activeTracing();
  if (!tracing) return fn(null);
  return tracing.tracer.startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute("error.type", opts.errorType?.(err) ?? (err instanceof Error ? err.name : typeof err));
      throw err;
    } finally {
      span.end();
    }
  });
}

const ATTRIBUTES_KEY = createContextKey("leadsync.trace-attributes");

/** Runs `fn` so that every span started inside it (in this process) carries `attributes`, e.g. the lead and run ids. */
export function withTraceAttributes<T>(attributes: Attributes, fn: () => T): T {
  if (!activeTracing()) return fn();
  const active = context.active();
  const inherited = active.getValue(ATTRIBUTES_KEY) as Attributes | undefined;
  return context.with(active.setValue(ATTRIBUTES_KEY, { ...inherited, ...attributes }), fn);
}

class ContextAttributesProcessor implements SpanProcessor {
  onStart(span: SdkSpan, parentContext: Context): void {
    const attributes = parentContext.getValue(ATTRIBUTES_KEY) as Attributes | undefined;
    if (attributes) span.setAttributes(attributes);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Keeps only the allowlisted attributes; status and exception messages go. */
export function redactSpan(span: ReadableSpan): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    status: { code: span.status.code },
    attributes: allowed(span.attributes),
    links: span.links.map((link) => ({ context: link.context, attributes: allowed(link.attributes) })),
    events: span.events.map((event) => ({ name: event.name, time: event.time, attributes: allowed(event.attributes) })),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationLibrary: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

function allowed(attributes: Attributes | undefined): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (EXPORTED_ATTRIBUTE_KEYS.has(key) && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
      out[key] = value;
    }
  }
  return out;
}

class AllowlistExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** One warning a minute at most: an unreachable collector fails every batch. */
function throttledWarnings() {
  let last = 0;
  const warn = (message: string) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    logger().warn({ detail: message }, "traces: export failed (further failures within a minute are not logged)");
  };
  const none = () => undefined;
  return { error: warn, warn: none, info: none, debug: none, verbose: none };
}
