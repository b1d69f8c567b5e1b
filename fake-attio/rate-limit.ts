/**
 * Attio's documented budget (docs/attio-api.md section 8): 100 reads/s and 25 writes/s. Counted per token
 * in a sliding 1-second window (per-token vs per-workspace is unverified in reality). Only requests
 * that pass the limiter are counted, because a 429 is not processed.
 */
export type RequestKind = "read" | "write";

export interface RateLimitConfig {
  writesPerSecond: number;
  readsPerSecond: number;
}

export const ATTIO_RATE_LIMIT: RateLimitConfig = { writesPerSecond: 25, readsPerSecond: 100 };

const WINDOW_MS = 1000;

export class RateLimiter {
  /** token -> kind -> accepted request times (ms), ascending */
  private windows = new Map<string, Record<RequestKind, number[]>>();

  constructor(private config: RateLimitConfig | false) {}

  setConfig(config: RateLimitConfig | false): void {
    this.config = config;
  }

  reset(): void {
    this.windows.clear();
  }

  /**
   * Accepts the request (and counts it) or returns the Retry-After instant: the start of the first
   * whole second at which the window has room again, and at least the next whole second
   * (HTTP dates have 1 s resolution; a client waiting until that date is then guaranteed room).
   */
  tryAcquire(token: string, kind: RequestKind, now: number): { ok: true } | { ok: false; retryAt: number } {
    if (!this.config) return { ok: true };
    const limit = kind === "write" ? this.config.writesPerSecond : this.config.readsPerSecond;
    let w = this.windows.get(token);
    if (!w) {
      w = { read: [], write: [] };
      this.windows.set(token, w);
    }
    const times = w[kind];
    while (times.length && times[0] <= now - WINDOW_MS) times.shift();
    if (times.length < limit) {
      times.push(now);
      return { ok: true };
    }
    const nextSecond = Math.floor(now / 1000) * 1000 + 1000;
    if (limit <= 0) return { ok: false, retryAt: nextSecond };
    // Room appears once the oldest entries that exceed the budget have left the window.
    const freesAt = times[times.length - limit] + WINDOW_MS;
    return { ok: false, retryAt: Math.max(Math.ceil(freesAt / 1000) * 1000, nextSecond) };
  }
}
