import { Client, Connection } from "@temporalio/client";
import { dataConverterFromEnv } from "./codec";
import { loadConfig, type Env, type TemporalSettings } from "../config";
import { clientTracingInterceptors } from "../tracing";

export type { TemporalSettings };

export function temporalSettings(env: Env = process.env): TemporalSettings {
  return loadConfig(env).temporal;
}

/** Raised when the Temporal server cannot be reached; its message is safe to show users. */
export class TemporalUnavailableError extends Error {
  name = "TemporalUnavailableError";
}

const CONNECT_TIMEOUT_MS = 3_000;
const globalForTemporal = globalThis as unknown as { leadsyncTemporal?: Promise<Client> };

/**
 * One client per process (one HTTP/2 channel), kept on globalThis so `next dev` reloads reuse it.
 * A failed connect is forgotten, so the next request tries again once the server is back.
 */
export function getTemporalClient(settings = temporalSettings()): Promise<Client> {
  globalForTemporal.leadsyncTemporal ??= Connection.connect({ address: settings.address, connectTimeout: CONNECT_TIMEOUT_MS })
    // Same payload codec as the worker (LEADSYNC_PAYLOAD_KEY), or the runs' inputs would not decode.
    .then(
      async (connection) =>
        new Client({
          connection,
          namespace: settings.namespace,
          dataConverter: await dataConverterFromEnv(),
          // With traces on: the workflow start's span, and the trace context into the run's headers.
          interceptors: clientTracingInterceptors(),
        }),
    )
    .catch((err: unknown) => {
      globalForTemporal.leadsyncTemporal = undefined;
      throw new TemporalUnavailableError(
        `Cannot reach the Temporal server at ${settings.address} (${err instanceof Error ? err.message : String(err)}). ` +
          "Start it with `npm run dev`, or set TEMPORAL_ADDRESS.",
      );
    });
  return globalForTemporal.leadsyncTemporal;
}

/** Link to a run in the Temporal Web UI. */
export function temporalRunUrl(workflowId: string, runId: string | null, settings = temporalSettings()): string {
  const base = `${settings.uiUrl}/namespaces/${encodeURIComponent(settings.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
