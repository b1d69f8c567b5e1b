/**
 * Paces the worker's Attio requests to Attio's budget (25 writes/s and 100 reads/s per workspace)
 * before they are sent, instead of sending them and learning about the limit from 429s.
 *
 * Why, on top of the task-queue rate limit: that limit counts activity tasks (reads, writes and
 * retries alike) and averages over time, while the tasks reach the worker in bursts. Measured
 * with scripts/bench-resync.ts on a 150-lead backfill at 36 activities/s: 22 writes arrived within
 * 100 ms, the rest of that second got 429s, and because Attio's Retry-After is
 * a whole-second HTTP date every rejected write retried in the same instant, so the herd repeated
 * every second (393 429s, 0.52 of the achievable throughput). A sliding window in front of fetch
 * spreads the writes out and keeps that herd from forming (same benchmark with pacing: 0.89-0.95 of
 * the bound, a few dozen 429s per 1,000 leads, on a shared 2-core machine). The task-queue limit
 * still bounds several workers together (each worker paces itself alone), and 429 handling stays
 * the backstop.
 */

export interface AttioPace {
  /** Writes allowed per window; 0 disables write pacing. */
  writesPerSecond: number;
  /** Reads allowed per window; 0 disables read pacing. */
  readsPerSecond: number;
  /**
   * Window length. A little over a second: Attio counts when a request arrives, and requests
   * sent exactly one second apart can arrive a few milliseconds closer together. 30 ms costs 3%
   * of the budget; the few 429s it still lets through are retried after their Retry-After.
   */
  windowMs: number;
}

export const ATTIO_PACE_DEFAULTS: AttioPace = { writesPerSecond: 25, readsPerSecond: 100, windowMs: 1_030 };

/** LEADSYNC_ATTIO_WRITES_PER_SECOND / LEADSYNC_ATTIO_READS_PER_SECOND (0 = no pacing), else Attio's limits. */
export function attioPaceFromEnv(env: Record<string, string | undefined>): AttioPace {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  return {
    ...ATTIO_PACE_DEFAULTS,
    writesPerSecond: num("LEADSYNC_ATTIO_WRITES_PER_SECOND", ATTIO_PACE_DEFAULTS.writesPerSecond),
    readsPerSecond: num("LEADSYNC_ATTIO_READS_PER_SECOND", ATTIO_PACE_DEFAULTS.readsPerSecond),
  };
}

/** Attio's own split (docs/attio-api.md section 8): GETs and record queries read, everything else writes. */
export function attioRequestKind(method: string, url: string): "read" | "write" {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "read";
  const pathname = new URL(url, "http://attio.invalid").pathname;
  if (m === "POST" && /\/objects\/[^/]+\/records\/query\/?$/.test(pathname)) return "read";
  return "write";
}

/**
 * At most `limit` grants in any `windowMs`, first come first served. Waiters whose signal aborts
 * (the client's per-request timeout) leave the queue with the signal's reason.
 */
export class SlidingWindowLimiter {
  private granted: number[] = [];
  private queue: { resolve: () => void; reject: (reason: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(signal?: AbortSignal | null): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: (typeof this.queue)[number] = { resolve, reject, signal: signal ?? undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    const now = this.now();
    while (this.granted.length && this.granted[0] <= now - this.windowMs) this.granted.shift();
    while (this.queue.length && this.granted.length < this.limit) {
      const waiter = this.queue.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener("abort", waiter.onAbort);
      this.granted.push(now);
      waiter.resolve();
    }
    if (this.queue.length) {
      // The oldest grant leaving the window makes room for the next waiter.
      const wait = Math.max(1, this.granted[0] + this.windowMs - now);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      // Never keep a process alive just for pacing.
      this.timer.unref?.();
    }
  }
}

/**
 * A fetch for the Attio client that waits for a read or write slot before sending. One per
 * worker process, shared by every activity: Attio's budget is per workspace, not per activity.
 */
export function createPacedFetch(pace: AttioPace, baseFetch: typeof fetch = (input, init) => globalThis.fetch(input, init)): typeof fetch {
  const writes = pace.writesPerSecond > 0 ? new SlidingWindowLimiter(pace.writesPerSecond, pace.windowMs) : null;
  const reads = pace.readsPerSecond > 0 ? new SlidingWindowLimiter(pace.readsPerSecond, pace.windowMs) : null;
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET");
    const limiter = attioRequestKind(method, url) === "read" ? reads : writes;
    if (limiter) await limiter.acquire(init?.signal);
    return baseFetch(input, init);
  };
}
