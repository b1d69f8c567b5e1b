// The worker's side of traces (web/src/lib/tracing.ts): Temporal's maintained OpenTelemetry plugin
// (workflow interceptors in the bundle, activity interceptors, the sink that exports the sandbox's
// spans) plus leadsync's lead and run ids on the workflow, activity and Attio request spans.
import { fileURLToPath } from "node:url";
import { trace } from "@opentelemetry/api";
import type { Context as ActivityContext } from "@temporalio/activity";
import { OpenTelemetryPlugin } from "@temporalio/interceptors-opentelemetry";
import { SimplePlugin } from "@temporalio/plugin";
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next, WorkerOptions, WorkerPlugin } from "@temporalio/worker";
import type { Config } from "../web/src/lib/config";
import { logger } from "../web/src/lib/log";
import { leadIdOfWorkflowId } from "../web/src/lib/temporal/contract";
import { TRACE_ATTRIBUTES, type Tracing, withTraceAttributes } from "../web/src/lib/tracing";

/** The workflow interceptor module that tags the workflow's spans (bundled after the plugin's own). */
export const tracingWorkflowModule = fileURLToPath(new URL("./workflows/tracing-attributes.ts", import.meta.url));

/** The lead and run ids of an activity's or workflow's spans. */
export function leadTraceAttributes(workflowId: string, runId: string): Record<string, string | number> {
  const leadId = leadIdOfWorkflowId(workflowId);
  return { [TRACE_ATTRIBUTES.runId]: runId, ...(leadId === null ? {} : { [TRACE_ATTRIBUTES.leadId]: leadId }) };
}

/** Runs inside the plugin's activity span: tags it, and every span below it (the Attio requests). */
class TagActivity implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: ActivityContext) {}
  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, "execute">): Promise<unknown> {
    const run = this.ctx.info.workflowExecution;
    if (!run) return next(input);
    const attributes = leadTraceAttributes(run.workflowId, run.runId);
    trace.getActiveSpan()?.setAttributes(attributes);
    return withTraceAttributes(attributes, () => next(input));
  }
}

/** The plugins, in order (the OpenTelemetry interceptors wrap leadsync's); also for `bundleWorkflowCode({ plugins })`. */
export function tracingPlugins(tracing: Tracing): WorkerPlugin[] {
  return [
    new OpenTelemetryPlugin({ tracer: tracing.tracer, spanProcessor: tracing.processor, resource: tracing.resource }),
    new SimplePlugin({
      name: "leadsync-trace-attributes",
      workerInterceptors: { workflowModules: [tracingWorkflowModule], activity: [(ctx) => ({ inbound: new TagActivity(ctx) })] },
    }),
  ];
}

/** Worker options for this process's tracing: none while traces are off. */
export function workerTracingOptions(tracing: Tracing | null, config: Config): Partial<WorkerOptions> {
  if (!tracing) return {};
  if (config.worker.workflowBundlePath) {
    logger().warn(
      "traces are on but LEADSYNC_WORKFLOW_BUNDLE is set: workflow spans need a bundle built with tracingPlugins() (temporal/tracing.ts)",
    );
  }
  return { plugins: tracingPlugins(tracing) };
}
