import { ApplicationFailure } from "@temporalio/activity";
import { AttioConfigError, AttioError } from "../../web/src/lib/attio/errors";
import { SyncFailureType } from "../../web/src/lib/temporal/contract";
import { LOG_EVENTS, leadIdOfWorkflow, logger } from "../../web/src/lib/log";
import { currentContext } from "../infra/activity-context";

/** The scopes leadsync's token needs (README, "Use real Attio"). */
const NEEDED_SCOPES = "record_permission:read-write, object_configuration:read and note:read-write";

/**
 * Maps an Attio client error to a Temporal failure: permanent ones fail the run at once,
 * transient ones retry, and a 429 waits until Attio's Retry-After through `nextRetryDelay`.
 * Messages come from the client, which never includes the API key; permanent ones are prefixed
 * with what the user can do about them, since they end up on the lead page.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof AttioConfigError) {
    return ApplicationFailure.create({ type: SyncFailureType.AttioConfigError, message: err.message, nonRetryable: true });
  }
  if (err instanceof AttioError) {
    const details = [{ status: err.status, code: err.code }];
    if (!err.retryable) {
      return ApplicationFailure.create({
        type: SyncFailureType.AttioRejected,
        message: permanentMessage(err),
        nonRetryable: true,
        details,
      });
    }
    return ApplicationFailure.create({
      type: err.status === 429 ? SyncFailureType.AttioRateLimited : SyncFailureType.AttioUnavailable,
      message: err.message,
      // Null for 5xx and timeouts: the retry policy's exponential backoff applies. For a 429 the
      // server waits this long (capped at the policy's maximumInterval), so no request goes out
      // before the Retry-After date, plus jitter so the writes rejected together do not retry together.
      nextRetryDelay: err.retryAfterMs == null ? undefined : err.retryAfterMs + retryJitterMs(),
      details,
    });
  }
  return err;
}

/**
 * Up to one second, uniformly: Retry-After is a whole-second date, so every write Attio rejected
 * within a second is told the same instant; spread over that second they reach the shared budget
 * (attio-budget.ts) one by one instead of all at once.
 */
export const RETRY_JITTER_MAX_MS = 1_000;
function retryJitterMs(): number {
  return Math.floor(Math.random() * RETRY_JITTER_MAX_MS);
}

/** What to do about a permanent Attio error, followed by what Attio said. */
function permanentMessage(err: AttioError): string {
  switch (err.status) {
    case 401:
      return `Attio rejected the API key: ATTIO_API_KEY on the worker is wrong or was revoked. Create a new access token in Attio and restart the worker. (${err.message})`;
    case 403:
      return `The Attio API key lacks a permission: give the access token the scopes ${NEEDED_SCOPES}. (${err.message})`;
    case 400:
    case 422:
      return `Attio refused the lead's data; correct the lead and sync again. (${err.message})`;
    case 404:
      return `An Attio record this sync needed was deleted meanwhile; sync again to recreate it. (${err.message})`;
    default:
      return err.message;
  }
}

/** Runs an Attio call and rethrows its failure in Temporal's terms, after one `attio.failure` log line. */
export async function attioCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AttioError || err instanceof AttioConfigError) logAttioFailure(err);
    throw toActivityFailure(err);
  }
}

/** Status and code only: Attio's message may echo the lead's values (the logger scrubs it too). */
function logAttioFailure(err: AttioError | AttioConfigError): void {
  const info = currentContext()?.info;
  const run = info?.workflowExecution;
  const attio = err instanceof AttioError ? err : null;
  const what = attio ? `Attio ${attio.status ?? attio.code ?? "error"}` : "Attio configuration";
  const line = {
    event: LOG_EVENTS.attioFailure,
    leadId: leadIdOfWorkflow(run?.workflowId),
    workflowId: run?.workflowId ?? null,
    runId: run?.runId ?? null,
    activityType: info?.activityType ?? null,
    attempt: info?.attempt ?? null,
    status: attio?.status ?? null,
    code: attio?.code ?? null,
    retryable: attio?.retryable ?? false,
    retryAfterMs: attio?.retryAfterMs ?? null,
  };
  if (line.retryable) logger().warn(line, `${what}: the step will be retried`);
  else logger().error(line, `${what}: the step failed for good`);
}
