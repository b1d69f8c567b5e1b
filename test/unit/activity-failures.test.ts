import { ApplicationFailure } from "@temporalio/activity";
import { describe, expect, it } from "vitest";
import { RETRY_JITTER_MAX_MS, toActivityFailure } from "../../temporal/activities/failures";
import { AttioError } from "../../web/src/lib/attio/errors";

describe("a 429's retry delay", () => {
  const rateLimited = () => new AttioError("Attio 429", { status: 429, retryable: true, retryAfterMs: 2_000 });

  it("never comes before the Retry-After date, and spreads the writes rejected together over the next second", () => {
    const delays = Array.from({ length: 200 }, () => {
      const failure = toActivityFailure(rateLimited());
      expect(failure).toBeInstanceOf(ApplicationFailure);
      return Number((failure as ApplicationFailure).nextRetryDelay);
    });
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThan(2_000 + RETRY_JITTER_MAX_MS);
    }
    // 200 draws from a thousand milliseconds: far more than a handful of distinct instants.
    expect(new Set(delays).size).toBeGreaterThan(50);
  });

  it("leaves 5xx and timeouts to the retry policy's backoff", () => {
    const failure = toActivityFailure(new AttioError("Attio 503", { status: 503, retryable: true })) as ApplicationFailure;
    expect(failure.nextRetryDelay).toBeUndefined();
  });
});
