import { type NativeConnection, Worker, type WorkerOptions } from "@temporalio/worker";
import { createAttioClient } from "../web/src/lib/attio/client";
import type { Config, WorkerSettings } from "../web/src/lib/config";
import type { PrismaClient } from "../web/src/lib/db";
import { loadFieldPolicy } from "../web/src/lib/crm-settings/field-policy-store";
import { outboundFieldPolicy } from "../web/src/lib/attio/field-policy";
import { createSyncActivities } from "./activities";
import { createRecordClaims } from "./infra/record-claims";
import { createResyncActivities } from "./activities/resync";
import { createAlertActivities } from "./activities/alerts";
import { createAttioInboundActivities } from "./activities/attio-inbound";
import { createPacedFetch } from "./infra/attio-pacer";
import { attioBudgetPace, createSharedAttioBudget, databaseSlotReserver } from "./infra/attio-budget";
import { failureConverterPath, workflowsPath } from "./workflows-path";
import { dataConverterFor } from "../web/src/lib/temporal/codec";
import { countedActivities, countedAttioFetch, countedClaims, timedBudget, type WorkerMetrics } from "./worker-metrics";
import { activeTracing } from "../web/src/lib/tracing";
import { workerTracingOptions } from "./tracing";

export interface LeadsyncWorkerDeps {
  connection: NativeConnection;
  prisma: PrismaClient;
  /**
   * What config.ts built from the worker's environment (temporal/env.ts): the task queue and
   * namespace, the worker's limits, the Attio connection and budget, alerts, the payload keys. Read on every activity,
   * so a test may change a field (e.g. `attio.apiKey`) for its next runs.
   */
  config: Config;
  /** Overrides of what `config.worker` sets (tests: activity slots, task-queue rate limit). */
  workerOptions?: Partial<WorkerOptions>;
  /** Prometheus metrics to count into (worker-metrics.ts); nothing is counted without. */
  metrics?: WorkerMetrics;
}

/** Worker options from the configuration (identity, prebuilt bundle, sticky timeout, activity limits). */
export function workerOptionsFromConfig(worker: WorkerSettings): Partial<WorkerOptions> {
  const out: Partial<WorkerOptions> = {};
  if (worker.identity) out.identity = worker.identity;
  // Given both, the SDK uses the bundle and ignores workflowsPath (with a warning): clear the path.
  if (worker.workflowBundlePath) Object.assign(out, { workflowsPath: undefined, workflowBundle: { codePath: worker.workflowBundlePath } });
  if (worker.stickyTimeoutMs) out.stickyQueueScheduleToStartTimeout = worker.stickyTimeoutMs;
  if (worker.maxTaskQueueActivitiesPerSecond > 0) out.maxTaskQueueActivitiesPerSecond = worker.maxTaskQueueActivitiesPerSecond;
  out.maxConcurrentActivityTaskExecutions = worker.maxConcurrentActivities;
  return out;
}

/** Builds the leadsync worker: the sync and re-sync workflows plus activities wired to Prisma and Attio. */
export async function createLeadsyncWorker(deps: LeadsyncWorkerDeps): Promise<Worker> {
  const { config } = deps;
  // Attio's 25 writes/s and 100 reads/s are per workspace: every activity of every worker process
  // takes its send slots from one schedule in the shared database (infra/attio-budget.ts).
  const budget = createSharedAttioBudget(databaseSlotReserver(deps.prisma), attioBudgetPace(config.attio));
  const m = deps.metrics;
  const pacedFetch = m ? createPacedFetch(timedBudget(m, budget), countedAttioFetch(m)) : createPacedFetch(budget);
  const attio = (signal?: AbortSignal) => createAttioClient({ ...config.attio, fetch: pacedFetch, signal });
  const uncounted = {
    ...createSyncActivities({
      prisma: deps.prisma,
      attio,
      claims: m ? countedClaims(m, createRecordClaims(deps.prisma)) : createRecordClaims(deps.prisma),
      // Pulled fields (two-way sync) are Attio's: the sync never writes them to an existing record.
      fieldPolicy: async () => {
        const { policy, directions } = await loadFieldPolicy(deps.prisma, config.fieldPolicy);
        return outboundFieldPolicy(policy, directions);
      },
      attioApiKey: () => config.attio.apiKey ?? undefined,
    }),
    // Two-way sync: applies bursts of inbound Attio events (workflows/attio-record-events.ts).
    ...createAttioInboundActivities({
      prisma: deps.prisma,
      attio,
      fieldDirections: async () => (await loadFieldPolicy(deps.prisma, config.fieldPolicy)).directions,
    }),
    // The scheduled re-sync dispatcher's database reads.
    ...createResyncActivities({ prisma: deps.prisma }),
    // Failure alerts to the webhook (off without LEADSYNC_ALERT_WEBHOOK_URL).
    ...createAlertActivities({ prisma: deps.prisma, settings: () => config }),
  };
  const activities = m ? countedActivities(m, deps.prisma, uncounted) : uncounted;
  // The worker loads converters by path (the workflow sandbox gets its own copy); the codec's
  // loaded failure converter instance is for clients.
  const converter = await dataConverterFor(config.payloadKeys);
  return Worker.create({
    connection: deps.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath,
    activities,
    // Encrypts payloads (lead PII) in Temporal's history when LEADSYNC_PAYLOAD_KEY is set.
    dataConverter: converter && { payloadCodecs: converter.payloadCodecs, failureConverterPath },
    ...workerOptionsFromConfig(config.worker),
    // With traces on (temporal/worker.ts starts them): the OpenTelemetry interceptors and the workflow-span sink.
    ...workerTracingOptions(activeTracing(), config),
    ...deps.workerOptions,
  });
}
