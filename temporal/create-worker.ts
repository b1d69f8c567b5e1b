import { type NativeConnection, Worker, type WorkerOptions } from "@temporalio/worker";
import { createAttioClient, attioOptionsFromEnv } from "../web/src/lib/attio/client";
import type { PrismaClient } from "../web/src/lib/db";
import { loadFieldPolicy } from "../web/src/lib/settings/field-policy-store";
import { outboundFieldPolicy } from "../web/src/lib/attio/field-policy";
import { createSyncActivities } from "./activities";
import { createRecordClaims } from "./activities/record-claims";
import { createResyncActivities } from "./activities/resync";
import { createAlertActivities } from "./activities/alerts";
import { createAttioInboundActivities } from "./activities/attio-inbound";
import { loadSettings } from "../web/src/lib/config";
import { attioPaceFromEnv, createPacedFetch } from "./activities/attio-pacer";
import { createSharedAttioBudget, databaseSlotReserver } from "./activities/attio-budget";
import { failureConverterPath, workflowsPath } from "./workflows-path";
import { dataConverterFromEnv } from "../web/src/lib/temporal/codec";

export interface LeadsyncWorkerDeps {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  prisma: PrismaClient;
  /** Environment the Attio client reads (ATTIO_API_KEY, ATTIO_BASE_URL, ATTIO_TIMEOUT_MS). */
  env?: Record<string, string | undefined>;
  workerOptions?: Partial<WorkerOptions>;
}

/** Builds the leadsync worker: the sync and re-sync workflows plus activities wired to Prisma and Attio. */
export async function createLeadsyncWorker(deps: LeadsyncWorkerDeps): Promise<Worker> {
  const env = deps.env ?? process.env;
  // Attio's 25 writes/s and 100 reads/s are per workspace: every activity of every worker process
  // takes its send slots from one schedule in the shared database (attio-budget.ts).
  const pacedFetch = createPacedFetch(createSharedAttioBudget(databaseSlotReserver(deps.prisma), attioPaceFromEnv(env)));
  const attio = (signal?: AbortSignal) => createAttioClient({ ...attioOptionsFromEnv(env), fetch: pacedFetch, signal });
  const activities = {
    ...createSyncActivities({
      prisma: deps.prisma,
      attio,
      claims: createRecordClaims(deps.prisma),
      // Pulled fields (two-way sync) are Attio's: the sync never writes them to an existing record.
      fieldPolicy: async () => {
        const { policy, directions } = await loadFieldPolicy(deps.prisma, env);
        return outboundFieldPolicy(policy, directions);
      },
      attioApiKey: () => env.ATTIO_API_KEY || undefined,
    }),
    // Two-way sync: applies bursts of inbound Attio events (workflows/attio-record-events.ts).
    ...createAttioInboundActivities({
      prisma: deps.prisma,
      attio,
      fieldDirections: async () => (await loadFieldPolicy(deps.prisma, env)).directions,
    }),
    // The scheduled re-sync dispatcher's database reads.
    ...createResyncActivities({ prisma: deps.prisma }),
    // Failure alerts to the webhook (off without LEADSYNC_ALERT_WEBHOOK_URL).
    ...createAlertActivities({ prisma: deps.prisma, settings: () => loadSettings(env) }),
  };
  // The worker loads converters by path (the workflow sandbox gets its own copy); the codec's
  // loaded failure converter instance is for clients.
  const converter = await dataConverterFromEnv(env);
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace ?? "default",
    taskQueue: deps.taskQueue,
    workflowsPath,
    activities,
    // Encrypts payloads (lead PII) in Temporal's history when LEADSYNC_PAYLOAD_KEY is set.
    dataConverter: converter && { payloadCodecs: converter.payloadCodecs, failureConverterPath },
    ...deps.workerOptions,
  });
}
