/**
 * Readiness checks with a short cache, for the web app's /api/health/ready and the worker's
 * readiness listener: a probe every few seconds from compose or Kubernetes reaches the database,
 * Temporal or Attio at most once per cache window per process, and concurrent probes share one
 * check in flight. A report names each check, whether it passed, a fixed reason when not, and how
 * old its result is: never an address, a message from upstream or a secret.
 */

/** A check's verdict; `reason` is one of the check's own fixed words (e.g. "unreachable"). */
export type CheckOutcome = { ok: true } | { ok: false; reason: string };

export interface CheckReport {
  ok: boolean;
  reason?: string;
  /** When the check ran (ISO 8601). */
  checkedAt: string;
  /** How long ago it ran: 0 for a fresh result, up to the cache window for a reused one. */
  ageMs: number;
}

export type CachedCheck = () => Promise<CheckReport>;

export interface CachedCheckOptions {
  /** How long a result (passed or failed) is reused. */
  cacheMs: number;
  /** A check that has not answered by then fails with "timeout". */
  timeoutMs: number;
  now?: () => number;
}

/** Wraps a check: its result is reused for `cacheMs`; a throw counts as "failed", a hang as "timeout". */
export function cachedCheck(run: () => Promise<CheckOutcome>, opts: CachedCheckOptions): CachedCheck {
  const now = opts.now ?? Date.now;
  let last: { outcome: CheckOutcome; at: number } | null = null;
  let inFlight: Promise<{ outcome: CheckOutcome; at: number }> | null = null;

  const runOnce = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<CheckOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: "timeout" }), opts.timeoutMs);
    });
    const checked = run().catch((): CheckOutcome => ({ ok: false, reason: "failed" }));
    try {
      return { outcome: await Promise.race([checked, timedOut]), at: now() };
    } finally {
      clearTimeout(timer);
    }
  };

  return async () => {
    if (!last || now() - last.at >= opts.cacheMs) {
      inFlight ??= runOnce().finally(() => {
        inFlight = null;
      });
      last = await inFlight;
    }
    const { outcome, at } = last;
    return {
      ok: outcome.ok,
      ...(outcome.ok ? {} : { reason: outcome.reason }),
      checkedAt: new Date(at).toISOString(),
      ageMs: Math.max(0, now() - at),
    };
  };
}

export interface ReadinessBody {
  status: "ready" | "not ready";
  checks: Record<string, CheckReport | (Omit<CheckReport, "checkedAt" | "ageMs"> & Record<string, unknown>)>;
}

/** Runs the checks together: ready when every one passed. `extra` are reports computed by the caller (the worker's state). */
export async function readinessReport(
  checks: Record<string, CachedCheck>,
  extra: ReadinessBody["checks"] = {},
): Promise<{ ready: boolean; body: ReadinessBody }> {
  const names = Object.keys(checks);
  const reports = await Promise.all(names.map((name) => checks[name]()));
  const all: ReadinessBody["checks"] = { ...extra };
  names.forEach((name, i) => {
    all[name] = reports[i];
  });
  const ready = Object.values(all).every((r) => r.ok);
  return { ready, body: { status: ready ? "ready" : "not ready", checks: all } };
}

/** How long one check may take: well under the 5 s timeout of compose's health checks. */
export const CHECK_TIMEOUT_MS = 3_000;
