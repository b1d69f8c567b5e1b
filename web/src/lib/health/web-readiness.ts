/**
 * The web app's readiness (GET /api/health/ready): its database answers, its Temporal client
 * reaches the frontend, and Attio accepts its token (GET /v2/self through the app's Attio
 * client). Each result is cached (LEADSYNC_HEALTH_CACHE_SECONDS, 15 s by default), so probes cost
 * the upstreams nothing worth counting.
 */
import { AttioConfigError, AttioError, createAttioClient } from "../attio/client";
import { type Config, loadConfig } from "../config";
import { getPrisma } from "../db";
import { getTemporalClient } from "../temporal/client";
import { CHECK_TIMEOUT_MS, type CachedCheck, type CheckOutcome, cachedCheck, readinessReport } from "./checks";

const ok: CheckOutcome = { ok: true };
const failed = (reason: string): CheckOutcome => ({ ok: false, reason });

/** The database answers a query. */
export async function databaseCheck(): Promise<CheckOutcome> {
  try {
    await getPrisma().$queryRaw`SELECT 1`;
    return ok;
  } catch {
    return failed("unreachable");
  }
}

/** The shared Temporal client connects and the frontend answers GetSystemInfo. */
export async function temporalCheck(): Promise<CheckOutcome> {
  try {
    const client = await getTemporalClient();
    await client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => client.workflowService.getSystemInfo({}));
    return ok;
  } catch {
    return failed("unreachable");
  }
}

/** Attio's answer to GET /v2/self with this process's token, as a fixed reason. */
export async function attioCheck(attio: Config["attio"]): Promise<CheckOutcome> {
  try {
    const self = await createAttioClient({ ...attio, timeoutMs: Math.min(attio.timeoutMs, CHECK_TIMEOUT_MS) }).self();
    return self.active ? ok : failed("token inactive");
  } catch (err) {
    if (err instanceof AttioConfigError) return failed("not configured");
    if (!(err instanceof AttioError)) return failed("failed");
    if (err.status === 401 || err.status === 403) return failed("token refused");
    if (err.status === 429) return failed("rate limited");
    if (err.status === null || err.status >= 500) return failed("unreachable");
    return failed("unexpected answer");
  }
}

export interface WebReadiness {
  report: () => ReturnType<typeof readinessReport>;
}

/** The checks with their caches; one set per process (kept on globalThis so `next dev` reloads reuse it). */
export function webReadiness(config: Config = loadConfig()): WebReadiness {
  const store = globalThis as unknown as { leadsyncWebReadiness?: WebReadiness };
  if (store.leadsyncWebReadiness) return store.leadsyncWebReadiness;
  const cached = (run: () => Promise<CheckOutcome>): CachedCheck =>
    cachedCheck(run, { cacheMs: config.health.cacheMs, timeoutMs: CHECK_TIMEOUT_MS + 500 });
  const checks = { database: cached(databaseCheck), temporal: cached(temporalCheck), attio: cached(() => attioCheck(config.attio)) };
  store.leadsyncWebReadiness = { report: () => readinessReport(checks) };
  return store.leadsyncWebReadiness;
}
