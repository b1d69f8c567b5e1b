// Sign-in throttle: bounds how many passwords anyone can try. Every attempt is counted before its
// password is compared (so parallel requests cannot slip past the check), per client address and
// across all clients (so rotating addresses does not help either), and each further attempt from
// one client waits longer. In memory, per web process (rate-limiter-flexible).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { type AuthThrottleSettings, loadConfig } from "../config";
import { PEER_ADDRESS_HEADER } from "./peer-address";

/** Delay of a client's 2nd attempt in a window; doubled for each further one, up to MAX_DELAY_MS. */
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 4_000;
const GLOBAL_KEY = "all";

/**
 * The client's address: the TCP peer, or with `trustedProxyHops` = N the address the outermost of
 * N trusted reverse proxies saw (the N-th X-Forwarded-For entry from the right). Entries left of
 * that are whatever the client sent, and never used.
 */
export function clientAddress(headers: Headers, trustedProxyHops: number): string {
  const peer = headers.get(PEER_ADDRESS_HEADER)?.trim() || "unknown";
  if (trustedProxyHops <= 0) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxyHops] ?? hops[0] ?? peer;
}

/** How long the n-th attempt of a client in one window waits before its password is compared. */
export function attemptDelayMs(attempt: number): number {
  return attempt <= 1 ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 2));
}

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAfterMs: number };

export interface LoginThrottle {
  /** Counts one attempt for `client` (and globally) and says whether its password may be compared. */
  attempt(client: string): Promise<ThrottleDecision>;
  /** A correct password: the client's count starts again. */
  succeeded(client: string): Promise<void>;
}

export function createLoginThrottle(settings: AuthThrottleSettings): LoginThrottle {
  const duration = Math.ceil(settings.windowMs / 1000);
  const perClient = new RateLimiterMemory({ keyPrefix: "login-client", points: settings.attemptsPerClient, duration });
  const global = new RateLimiterMemory({ keyPrefix: "login-all", points: settings.attemptsGlobal, duration });
  const refused = (err: unknown): ThrottleDecision => {
    if (err instanceof RateLimiterRes) return { allowed: false, retryAfterMs: err.msBeforeNext };
    throw err;
  };
  return {
    async attempt(client) {
      // A full global budget refuses before a per-client entry is made: a flood of made-up
      // addresses then costs no memory.
      const all = await global.get(GLOBAL_KEY);
      if (all && all.consumedPoints >= settings.attemptsGlobal) return { allowed: false, retryAfterMs: all.msBeforeNext };
      let mine: RateLimiterRes;
      try {
        mine = await perClient.consume(client);
        await global.consume(GLOBAL_KEY);
      } catch (err) {
        return refused(err);
      }
      return { allowed: true, delayMs: attemptDelayMs(mine.consumedPoints) };
    },
    async succeeded(client) {
      await perClient.delete(client);
    },
  };
}

const globalForThrottle = globalThis as unknown as { leadsyncLoginThrottle?: LoginThrottle };

/** This process's throttle, from the settings (one per process, across `next dev` reloads). */
export function sharedLoginThrottle(): LoginThrottle {
  globalForThrottle.leadsyncLoginThrottle ??= createLoginThrottle(loadConfig().auth);
  return globalForThrottle.leadsyncLoginThrottle;
}
