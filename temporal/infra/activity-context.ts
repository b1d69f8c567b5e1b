// The running activity's context, for code the worker also calls directly (benchmarks, tests).
import { Context } from "@temporalio/activity";

/** The current activity's context, or null when called outside an activity. */
export function currentContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}

/**
 * Heartbeats while an Attio step runs, so a killed worker is noticed after the heartbeat timeout
 * (seconds) instead of the whole start-to-close timeout, and its attempt is retried elsewhere.
 * The first beat comes after a third of the timeout: an ordinary step (a few hundred ms) sends
 * none, so this costs nothing on the fast path.
 */
export async function withHeartbeats<T>(ctx: Context | null, fn: () => Promise<T>): Promise<T> {
  const timeoutMs = ctx?.info.heartbeatTimeoutMs;
  if (!ctx || !timeoutMs) return fn();
  const timer = setInterval(() => ctx.heartbeat(), Math.max(50, Math.floor(timeoutMs / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
