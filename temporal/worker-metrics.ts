/**
 * The worker's Prometheus metrics (docs/operations.md lists them). `createLeadsyncWorker` takes
 * them as a dependency and wraps the parts it wires (the Attio fetch, the budget, the record
 * claims, the activities) with the functions of this module; without them nothing is wrapped.
 * Labels take fixed values only: outcomes, triggers, request kinds, status classes, never a lead,
 * record or run id. The gauges that describe the whole deployment (running syncs, the webhook's
 * last event) are read from the shared database at scrape time, so every worker reports the same
 * value: aggregate them with max(), not sum().
 */
import type { TelemetryOptions } from "@temporalio/worker";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RecordClaims } from "../web/src/lib/attio/client";
import { AttioError } from "../web/src/lib/attio/errors";
import type { MetricsSettings } from "../web/src/lib/config";
import type { PrismaClient } from "../web/src/lib/db";
import type { InboundOutcome } from "../web/src/lib/sync/run-state";
import { SYNC_TRIGGERS } from "../web/src/lib/temporal/contract";
import type { AlertActivities, AlertOutcome } from "./activities/alerts";
import type { AttioInboundActivities } from "./activities/attio-inbound";
import type { SyncActivities } from "./activities/sync-lead";
import type { AttioRequestKind } from "./infra/attio-budget";
import { type AcquireAttioSlot, fetchRequestKind } from "./infra/attio-pacer";

const KINDS: AttioRequestKind[] = ["read", "write"];
const SYNC_OUTCOMES = ["succeeded", "failed"] as const;
type SyncOutcome = (typeof SYNC_OUTCOMES)[number];
const INBOUND_OUTCOMES: InboundOutcome[] = ["applied", "echo", "ignored", "failed"];
const CLAIM_RESULTS = ["claimed", "existing", "busy"] as const;
const ALERT_OUTCOMES: (AlertOutcome | "failed")[] = ["sent", "throttled", "off", "failed"];
/** Webhooks Attio delivers to (its statuses), as the intake accepts them. */
const RECEIVING_WEBHOOKS = ["active", "degraded"];

export interface WorkerMetrics {
  registry: Registry;
  syncs: Counter<"outcome" | "trigger">;
  syncDuration: Histogram<"outcome" | "trigger">;
  attioRequests: Counter<"kind" | "status_class">;
  attioRateLimited: Counter<"kind">;
  budgetWait: Histogram<"kind">;
  recordClaims: Counter<"result">;
  alerts: Counter<"kind" | "outcome">;
  inboundEvents: Counter<"outcome">;
}

/** The worker's registry: its own metrics, Node's process metrics and the database gauges read at scrape time. */
export function createWorkerMetrics(prisma: PrismaClient): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const m: WorkerMetrics = {
    registry,
    syncs: new Counter({
      name: "leadsync_syncs_total",
      help: "Sync runs that recorded their outcome, by outcome (succeeded, failed) and trigger (manual, schedule, bulk, retry).",
      labelNames: ["outcome", "trigger"],
      registers,
    }),
    syncDuration: new Histogram({
      name: "leadsync_sync_duration_seconds",
      help: "Time from a sync's request (the click, the schedule's pass) to its recorded outcome, retries and waits included.",
      labelNames: ["outcome", "trigger"],
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers,
    }),
    attioRequests: new Counter({
      name: "leadsync_attio_requests_total",
      help: "HTTP requests sent to Attio, by kind (read, write: Attio's budget split) and status class (2xx..5xx, or error: no answer).",
      labelNames: ["kind", "status_class"],
      registers,
    }),
    attioRateLimited: new Counter({
      name: "leadsync_attio_rate_limited_total",
      help: "Attio requests answered 429 (also counted in leadsync_attio_requests_total as 4xx).",
      labelNames: ["kind"],
      registers,
    }),
    budgetWait: new Histogram({
      name: "leadsync_attio_budget_wait_seconds",
      help: "Time a request waited for its send slot in the workspace's shared Attio budget, by kind.",
      labelNames: ["kind"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    recordClaims: new Counter({
      name: "leadsync_attio_record_claims_total",
      help: "Record claims asked for (name-only companies, LinkedIn-only people): claimed, existing (the record is known), busy (another sync holds it: the step retries).",
      labelNames: ["result"],
      registers,
    }),
    alerts: new Counter({
      name: "leadsync_alerts_total",
      help: "Failure alert attempts by kind (lead, pass) and outcome (sent, throttled, off, failed: the post failed and retries).",
      labelNames: ["kind", "outcome"],
      registers,
    }),
    inboundEvents: new Counter({
      name: "leadsync_attio_inbound_events_total",
      help: "Inbound Attio webhook events the worker settled, by outcome (applied, echo, ignored, failed).",
      labelNames: ["outcome"],
      registers,
    }),
  };
  // Every known series starts at zero, so rate() and the alert rules see it before its first event.
  for (const outcome of SYNC_OUTCOMES) for (const trigger of SYNC_TRIGGERS) m.syncs.inc({ outcome, trigger }, 0);
  for (const kind of KINDS) {
    m.attioRateLimited.inc({ kind }, 0);
    for (const status_class of ["2xx", "4xx", "5xx", "error"]) m.attioRequests.inc({ kind, status_class }, 0);
  }
  for (const result of CLAIM_RESULTS) m.recordClaims.inc({ result }, 0);
  for (const kind of ["lead", "pass"]) for (const outcome of ALERT_OUTCOMES) m.alerts.inc({ kind, outcome }, 0);
  for (const outcome of INBOUND_OUTCOMES) m.inboundEvents.inc({ outcome }, 0);
  registerDatabaseGauges(registry, prisma);
  return m;
}

/** Gauges read from the database at each scrape; a failed read leaves them out of that scrape. */
function registerDatabaseGauges(registry: Registry, prisma: PrismaClient): void {
  const registers = [registry];
  new Gauge({
    name: "leadsync_sync_runs_running",
    help: "Sync runs started and not yet finished (the sync log's running rows), deployment-wide.",
    registers,
    async collect() {
      try {
        this.set(await prisma.syncRun.count({ where: { status: "running" } }));
      } catch {
        this.reset();
      }
    },
  });
  new Gauge({
    name: "leadsync_sync_oldest_running_age_seconds",
    help: "Age of the oldest sync run still running (0 when none), deployment-wide: a stalled sync shows here.",
    registers,
    async collect() {
      try {
        const oldest = await prisma.syncRun.findFirst({
          where: { status: "running" },
          orderBy: { id: "asc" },
          select: { startedAt: true },
        });
        this.set(oldest ? Math.max(0, (Date.now() - oldest.startedAt.getTime()) / 1000) : 0);
      } catch {
        this.reset();
      }
    },
  });
  new Gauge({
    name: "leadsync_attio_webhook_last_event_age_seconds",
    help: "Time since the connected Attio webhook last delivered an event (since it was connected, before its first); absent while no webhook is connected.",
    registers,
    async collect() {
      this.reset();
      try {
        const hooks = await prisma.attioWebhook.findMany({
          where: { status: { in: RECEIVING_WEBHOOKS } },
          select: { lastEventAt: true, createdAt: true },
        });
        if (hooks.length === 0) return;
        const last = Math.max(...hooks.map((h) => (h.lastEventAt ?? h.createdAt).getTime()));
        this.set(Math.max(0, (Date.now() - last) / 1000));
      } catch {
        // left out of this scrape
      }
    },
  });
}

function statusClass(status: number): string {
  return status >= 200 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

/** A fetch that counts each request it sends to Attio by kind and status class, and 429s apart. */
export function countedAttioFetch(
  metrics: WorkerMetrics,
  baseFetch: typeof fetch = (input, init) => globalThis.fetch(input, init),
): typeof fetch {
  return async (input, init) => {
    const kind = fetchRequestKind(input, init);
    let res: Response;
    try {
      res = await baseFetch(input, init);
    } catch (err) {
      metrics.attioRequests.inc({ kind, status_class: "error" });
      throw err;
    }
    metrics.attioRequests.inc({ kind, status_class: statusClass(res.status) });
    if (res.status === 429) metrics.attioRateLimited.inc({ kind });
    return res;
  };
}

/** The budget's acquire, timed: how long each request waited for its slot (also when the wait timed out). */
export function timedBudget(metrics: WorkerMetrics, acquire: AcquireAttioSlot): AcquireAttioSlot {
  return async (kind, signal) => {
    const end = metrics.budgetWait.startTimer({ kind });
    try {
      await acquire(kind, signal);
    } finally {
      end();
    }
  };
}

/** Record claims that count what each acquire found. */
export function countedClaims(metrics: WorkerMetrics, claims: RecordClaims): RecordClaims {
  return {
    ...claims,
    async acquire(key, owner) {
      try {
        const claim = await claims.acquire(key, owner);
        metrics.recordClaims.inc({ result: claim.recordId ? "existing" : "claimed" });
        return claim;
      } catch (err) {
        if (err instanceof AttioError && err.code === "record_busy") metrics.recordClaims.inc({ result: "busy" });
        throw err;
      }
    },
  };
}

/**
 * The sync activities, counting each recorded outcome with its trigger and duration, which the
 * run's sync-log row holds (one read by run id). A recording step that Temporal retries after its
 * answer was lost counts again.
 */
export function countedSyncActivities<T extends SyncActivities>(metrics: WorkerMetrics, prisma: PrismaClient, activities: T): T {
  const observe = async (runId: string, outcome: SyncOutcome) => {
    const row = await prisma.syncRun.findUnique({ where: { runId }, select: { trigger: true, startedAt: true } }).catch(() => null);
    const trigger = row && (SYNC_TRIGGERS as readonly string[]).includes(row.trigger) ? row.trigger : "manual";
    metrics.syncs.inc({ outcome, trigger });
    if (row) metrics.syncDuration.observe({ outcome, trigger }, Math.max(0, (Date.now() - row.startedAt.getTime()) / 1000));
  };
  const recordSuccess: SyncActivities["recordSuccess"] = async (input) => {
    await activities.recordSuccess(input);
    await observe(input.runId, "succeeded");
  };
  const recordFailure: SyncActivities["recordFailure"] = async (input) => {
    await activities.recordFailure(input);
    await observe(input.runId, "failed");
  };
  // persistIds is recordSuccess under the name older runs schedule.
  return { ...activities, recordSuccess, recordFailure, persistIds: recordSuccess };
}

/** The alert activities, counting each attempt's outcome; a post that throws counts as failed (it retries). */
export function countedAlertActivities(metrics: WorkerMetrics, activities: AlertActivities): AlertActivities {
  const counted =
    <A>(kind: "lead" | "pass", fn: (alert: A) => Promise<AlertOutcome>) =>
    async (alert: A): Promise<AlertOutcome> => {
      try {
        const outcome = await fn(alert);
        metrics.alerts.inc({ kind, outcome });
        return outcome;
      } catch (err) {
        metrics.alerts.inc({ kind, outcome: "failed" });
        throw err;
      }
    };
  return {
    alertSyncFailed: counted("lead", activities.alertSyncFailed),
    alertPassFailed: counted("pass", activities.alertPassFailed),
  };
}

/** The inbound activities, counting the events each burst settled by outcome. */
export function countedInboundActivities(metrics: WorkerMetrics, activities: AttioInboundActivities): AttioInboundActivities {
  return {
    ...activities,
    async applyAttioEvents(input) {
      const result = await activities.applyAttioEvents(input);
      for (const [outcome, n] of Object.entries(result.outcomes)) {
        if ((INBOUND_OUTCOMES as string[]).includes(outcome) && n > 0) metrics.inboundEvents.inc({ outcome }, n);
      }
      return result;
    },
  };
}

/**
 * The Temporal SDK's own Prometheus exporter (worker polls, task slots, schedule-to-start
 * latencies), for `Runtime.install`; undefined while its port is unset. Counters end in `_total`
 * and durations are in seconds with the unit in the name, as Prometheus' conventions ask.
 */
export function temporalMetricsTelemetry(settings: Pick<MetricsSettings, "host" | "temporalPort">): TelemetryOptions | undefined {
  if (!settings.temporalPort) return undefined;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return {
    metrics: {
      prometheus: {
        bindAddress: `${host}:${settings.temporalPort}`,
        countersTotalSuffix: true,
        unitSuffix: true,
        useSecondsForDurations: true,
      },
    },
  };
}

/** The worker's whole activity set with the counting wrappers above in place. */
export function countedActivities<T extends SyncActivities & AlertActivities & AttioInboundActivities>(
  metrics: WorkerMetrics,
  prisma: PrismaClient,
  activities: T,
): T {
  return {
    ...countedSyncActivities(metrics, prisma, activities),
    ...countedAlertActivities(metrics, activities),
    applyAttioEvents: countedInboundActivities(metrics, activities).applyAttioEvents,
  };
}
