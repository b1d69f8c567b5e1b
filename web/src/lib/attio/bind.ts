// The client's methods are its modules' functions with the connection bound: each CRM call's
// signature is written once, in the module that makes the call.
import type { HttpConfig } from "./http";

type ModuleFunction = (http: HttpConfig, ...args: never) => Promise<unknown>;

/** A module function as the client exposes it: the same parameters after `http`, the same result. */
export type Bound<F> = F extends (http: HttpConfig, ...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
export type BoundAll<T> = { [K in keyof T]: Bound<T[K]> };

/**
 * Binds `config` (resolved on every call) into each function. A bad configuration rejects the call
 * that needed it (AttioConfigError) instead of throwing synchronously.
 */
export function bindConfig<T extends Record<string, ModuleFunction>>(config: () => HttpConfig, fns: T): BoundAll<T> {
  const bound = Object.entries(fns).map(([name, fn]) => [name, async (...args: never[]) => fn(config(), ...(args as never))]);
  return Object.fromEntries(bound) as BoundAll<T>;
}
