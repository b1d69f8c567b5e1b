// Temporal's SDK logs (worker state, activity and workflow failures, core's own warnings) go
// through leadsync's logger, so the worker writes one kind of line: Runtime.install's `logger`
// receives the SDK's TypeScript-side logs and, with `logging.forward`, core's.
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from "@temporalio/common";
import type { RuntimeOptions } from "@temporalio/worker";
import { errorFields, leadIdOfWorkflow, type Logger } from "../../web/src/lib/log";

const LEVELS = { TRACE: "trace", DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error" } as const;

/**
 * The SDK's attributes as leadsync's fields: `runId` and `leadId` beside `workflowId`, errors as
 * name/message/frames (an ApplicationFailure's other fields are its payload), no task token.
 */
export function temporalLogFields(meta: LogMetadata | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta ?? {})) {
    if (key === "taskToken") continue;
    if (key === "workflowRunId" || key === "runId") out.runId = value;
    else if (key === "sdkComponent") out.component = value;
    else if (value instanceof Error) out[key] = errorFields(value);
    else out[key] = value;
  }
  if (typeof out.workflowId === "string") {
    const leadId = leadIdOfWorkflow(out.workflowId);
    if (leadId !== null) out.leadId = leadId;
  }
  return out;
}

/** A Temporal Logger writing through `log`, which decides the level and where lines go. */
export function temporalLogger(log: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const method = LEVELS[level] ?? "info";
    if (log.isLevelEnabled(method)) log[method]({ temporal: true, ...temporalLogFields(meta) }, message);
  };
  return {
    log: write,
    trace: (m, meta) => write("TRACE", m, meta),
    debug: (m, meta) => write("DEBUG", m, meta),
    info: (m, meta) => write("INFO", m, meta),
    warn: (m, meta) => write("WARN", m, meta),
    error: (m, meta) => write("ERROR", m, meta),
  };
}

/** Runtime.install's logging part: the SDK's logs and core's (warnings and up) into `log`. */
export function runtimeLogOptions(log: Logger): Pick<RuntimeOptions, "logger" | "telemetryOptions"> {
  return {
    logger: temporalLogger(log),
    telemetryOptions: { logging: { filter: { core: "WARN", other: "ERROR" }, forward: {} } },
  };
}
