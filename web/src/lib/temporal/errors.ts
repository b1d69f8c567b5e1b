// Reading Temporal client errors and run states the same way everywhere in the app.
import { TemporalFailure, WorkflowFailedError, isGrpcServiceError } from "@temporalio/client";

/** gRPC status codes the app tells apart. */
export const GrpcCode = { DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 } as const;

/** The message of the innermost cause: a failed run wraps the activity's ApplicationFailure. */
export function innermostMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && (e instanceof WorkflowFailedError || e instanceof TemporalFailure) && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/** True when the error (or the error it wraps) carries one of these gRPC codes. */
export function hasGrpcCode(err: unknown, ...codes: number[]): boolean {
  if (isGrpcServiceError(err) && codes.includes(err.code)) return true;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "number" && codes.includes(cause.code);
}

/** A run's execution status, as the app names it. */
export type RunStatus = "running" | "completed" | "failed" | "cancelled" | "terminated" | "timed_out" | "unknown";

const RUN_STATUS: Record<string, RunStatus> = {
  RUNNING: "running",
  COMPLETED: "completed",
  FAILED: "failed",
  CANCELLED: "cancelled",
  TERMINATED: "terminated",
  TIMED_OUT: "timed_out",
};

/** Maps the client's `status.name` (e.g. "TIMED_OUT") to a RunStatus. */
export function runStatus(name: string | null | undefined): RunStatus {
  return (name && RUN_STATUS[name]) || "unknown";
}
