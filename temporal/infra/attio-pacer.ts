/**
 * Paces Attio requests to Attio's budget before they are sent, instead of sending them and
 * learning about the limit from 429s. The budget itself is shared by every worker process through
 * the database (attio-budget.ts); this module only tells reads from writes and holds each request
 * until its slot.
 *
 * Why pace at all, rather than rely on 429s: Attio's Retry-After is a whole-second HTTP date, so
 * every write rejected in a second retries in the same instant and the herd repeats each second
 * (measured on a 150-lead backfill without pacing: 393 429s, 0.52 of the achievable throughput;
 * docs/benchmarks.md). 429 handling stays the backstop.
 */
import { AttioError } from "../../web/src/lib/attio/errors";
import type { AttioRequestKind } from "./attio-budget";

/**
 * Attio's own split (docs/attio-api.md section 8; its rate-limit guide counts read-style query
 * POSTs as reads): GETs, record queries and list-entry queries read, everything else writes.
 */
export function attioRequestKind(method: string, url: string): AttioRequestKind {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "read";
  const pathname = new URL(url, "http://attio.invalid").pathname;
  if (m === "POST" && /\/(objects\/[^/]+\/records|lists\/[^/]+\/entries)\/query\/?$/.test(pathname)) return "read";
  return "write";
}

/** The kind of a request as fetch receives it (a URL or Request, and its init). */
export function fetchRequestKind(input: Parameters<typeof fetch>[0], init?: RequestInit): AttioRequestKind {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET");
  return attioRequestKind(method, url);
}

/** Waits until a request of `kind` may be sent; rejects with the signal's reason when it aborts. */
export type AcquireAttioSlot = (kind: AttioRequestKind, signal?: AbortSignal | null) => Promise<void>;

/**
 * A fetch for the Attio client that waits for a read or write slot before sending. A request whose
 * timeout fires while it waits fails as `budget_wait` (retryable), saying that nothing was sent:
 * "Attio timeout" would blame Attio for a wait on the workspace's own budget.
 */
export function createPacedFetch(
  acquire: AcquireAttioSlot,
  baseFetch: typeof fetch = (input, init) => globalThis.fetch(input, init),
): typeof fetch {
  return async (input, init) => {
    const kind = fetchRequestKind(input, init);
    const waitStarted = performance.now();
    try {
      await acquire(kind, init?.signal);
    } catch (err) {
      if ((err as { name?: unknown } | null)?.name !== "TimeoutError") throw err;
      const waitedMs = Math.round(performance.now() - waitStarted);
      const variable = kind === "write" ? "LEADSYNC_ATTIO_WRITES_PER_SECOND" : "LEADSYNC_ATTIO_READS_PER_SECOND";
      throw new AttioError(
        `Attio budget_wait: waited ${waitedMs} ms for a ${kind} slot of the workspace's shared budget (${variable}) and nothing was sent; the step retries`,
        { status: null, code: "budget_wait", retryable: true },
      );
    }
    return baseFetch(input, init);
  };
}
