import { ApplicationFailure } from "@temporalio/activity";
import { AttioConfigError, AttioError } from "../../web/src/lib/attio/errors";

/** Failure types the workflow never retries: retrying cannot fix them. */
export const NON_RETRYABLE_TYPES = ["AttioConfigError", "AttioRejected", "LeadNotFound"] as const;

/**
 * Maps an Attio client error to a Temporal failure: permanent ones fail the run at once,
 * transient ones retry, and a 429 waits until Attio's Retry-After through `nextRetryDelay`.
 * Messages come from the client, which never includes the API key.
 */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof AttioConfigError) {
    return ApplicationFailure.create({ type: "AttioConfigError", message: err.message, nonRetryable: true });
  }
  if (err instanceof AttioError) {
    if (!err.retryable) {
      return ApplicationFailure.create({
        type: "AttioRejected",
        message: err.message,
        nonRetryable: true,
        details: [{ status: err.status, code: err.code }],
      });
    }
    return ApplicationFailure.create({
      type: err.status === 429 ? "AttioRateLimited" : "AttioUnavailable",
      message: err.message,
      nextRetryDelay: err.retryAfterMs ?? undefined,
      details: [{ status: err.status, code: err.code }],
    });
  }
  return err;
}

/** Runs an Attio call and rethrows its failure in Temporal's terms. */
export async function attioCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toActivityFailure(err);
  }
}
