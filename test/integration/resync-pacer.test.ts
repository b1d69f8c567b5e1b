import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SlidingWindowLimiter, attioRequestKind, createPacedFetch } from "../../temporal/activities/attio-pacer";

// The worker's Attio pacer on its own, with a fake clock (no timing assumptions about the machine).
describe("Attio request pacing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  async function settle() {
    // Resolved promises run their continuations on the microtask queue.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }

  it("grants at most `limit` requests in any window, the rest once the oldest grants leave it", async () => {
    const limiter = new SlidingWindowLimiter(3, 1_000);
    const granted: number[] = [];
    for (let i = 0; i < 5; i++) void limiter.acquire().then(() => granted.push(i));
    await settle();
    expect(granted).toEqual([0, 1, 2]);

    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toEqual([0, 1, 2, 3, 4]);
  });

  it("lets a waiter whose signal aborts leave the queue with the signal's reason", async () => {
    const limiter = new SlidingWindowLimiter(1, 1_000);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const later = limiter.acquire();

    controller.abort(new DOMException("timed out", "TimeoutError"));

    await expect(waiting).rejects.toMatchObject({ name: "TimeoutError" });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(later).resolves.toBeUndefined();
  });

  it("classifies requests the way Attio counts them", () => {
    expect(attioRequestKind("GET", "https://api.attio.com/v2/notes?limit=50")).toBe("read");
    expect(attioRequestKind("POST", "https://api.attio.com/v2/objects/people/records/query")).toBe("read");
    expect(attioRequestKind("PUT", "https://api.attio.com/v2/objects/people/records?matching_attribute=email_addresses")).toBe("write");
    expect(attioRequestKind("POST", "https://api.attio.com/v2/notes")).toBe("write");
    expect(attioRequestKind("PATCH", "http://127.0.0.1:4010/v2/objects/people/records/abc")).toBe("write");
  });

  it("paces writes and reads against separate budgets", async () => {
    const sent: string[] = [];
    const paced = createPacedFetch({ writesPerSecond: 2, readsPerSecond: 2, windowMs: 1_000 }, async (input, init) => {
      sent.push(`${init?.method} ${String(input)}`);
      return new Response("{}");
    });
    const base = "http://attio.test/v2";
    for (let i = 0; i < 3; i++) void paced(`${base}/notes`, { method: "POST" });
    for (let i = 0; i < 2; i++) void paced(`${base}/notes`, { method: "GET" });
    await settle();

    expect(sent.filter((s) => s.startsWith("POST"))).toHaveLength(2);
    expect(sent.filter((s) => s.startsWith("GET"))).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent.filter((s) => s.startsWith("POST"))).toHaveLength(3);
  });
});
