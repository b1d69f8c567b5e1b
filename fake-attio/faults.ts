/** Injected faults (burst 429s, held requests, error answers, answers lost after processing), seeded for repeatable runs. */
import type { FaultConfig } from "./types";
import { makeRng } from "./util";

export type PreHandlerFault = "burst429" | "timeout" | "error";

export class FaultPlan {
  private config: FaultConfig = {};
  private burstLeft = 0;
  private rng: () => number = Math.random;

  set(f: FaultConfig): void {
    this.config = { ...f };
    this.burstLeft = Math.max(0, Math.floor(f.burst429 ?? 0));
    this.rng = makeRng(f.seed);
  }

  get timeoutMs(): number {
    return this.config.timeoutMs ?? 30_000;
  }

  get errorStatus(): number {
    return this.config.errorStatus ?? 503;
  }

  /** The fault that answers this request before auth and the handler, if any (burst first, then timeout, then error). */
  beforeHandler(kind: "read" | "write", route: string): PreHandlerFault | null {
    if (!this.applies(kind, route)) return null;
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return "burst429";
    }
    if (this.chance(this.config.timeoutRate)) return "timeout";
    if (this.chance(this.config.errorRate)) return "error";
    return null;
  }

  /** Whether the handler's work is kept but its answer replaced by a 503. */
  failAfterProcessing(kind: "read" | "write", route: string): boolean {
    return this.applies(kind, route) && this.chance(this.config.failAfterProcessingRate);
  }

  /** `route` is "METHOD /v2/path", matched against the `only` prefixes. */
  private applies(kind: "read" | "write", route: string): boolean {
    const scope = this.config.appliesTo ?? "all";
    const inScope = scope === "all" || (scope === "reads" && kind === "read") || (scope === "writes" && kind === "write");
    return inScope && (!this.config.only || this.config.only.some((prefix) => route.startsWith(prefix)));
  }

  private chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.rng() < rate;
  }
}
