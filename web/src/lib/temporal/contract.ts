// The Temporal contract between the web app, the worker and the workflows: names, ids, queries,
// inputs, results and failure types. Workflow code imports it, so it may import nothing but
// `@temporalio/workflow` and pure code (no Node built-ins, no Prisma).
import { defineQuery, defineSignal } from "@temporalio/workflow";

export const SYNC_WORKFLOW_TYPE = "syncLeadWorkflow";

/** Workflow id for a lead: one id per lead makes concurrent clicks attach to the same run. */
export function leadWorkflowId(leadId: number): string {
  return `lead-${leadId}`;
}

/** The lead of a `lead-<id>` workflow id, else null (trace attributes). */
export function leadIdOfWorkflowId(workflowId: string): number | null {
  const m = /^lead-(\d+)$/.exec(workflowId);
  return m ? Number(m[1]) : null;
}

export type SyncStep = "loading" | "company" | "person" | "note" | "crm" | "saving" | "done" | "failed";

export interface SyncState {
  leadId: number;
  step: SyncStep;
  startedAt: string;
  finishedAt: string | null;
  personId: string | null;
  companyId: string | null;
  noteId: string | null;
  error: string | null;
}

/** Who started a sync run; the sync log filters on it. */
export type SyncTrigger = "manual" | "schedule" | "bulk" | "retry";
export const SYNC_TRIGGERS: readonly SyncTrigger[] = ["manual", "schedule", "bulk", "retry"];

export interface SyncLeadInput {
  leadId: number;
  /** Who asked: a click in the app, the scheduled re-sync dispatcher, or a bulk sync/retry. */
  trigger?: SyncTrigger;
  /**
   * When the sync was asked for (ISO 8601): the "synced at" time stored on the lead and shown in
   * the note. Part of the recorded input, so every replay (a query on a closed run replays it)
   * sees the same value; the workflow's own start time differed by milliseconds between the live
   * run and a replay on the test machines. The run's start time when left out.
   */
  requestedAt?: string;
  /**
   * Shorter activity timeouts and retry intervals, for tests that kill workers and inject faults
   * without waiting production-sized timeouts. Production callers leave it unset.
   */
  timing?: SyncTimingOverrides;
}

/** All in milliseconds; each field left out keeps the workflow's production value. */
export interface SyncTimingOverrides {
  /** First retry delay of every activity (production: 1 s for Attio steps, 500 ms for database steps). */
  retryInitialIntervalMs?: number;
  /** Longest back-off between Attio attempts (production: 1 min); fault tests cap it so a chain of injected failures stays seconds long. */
  retryMaximumIntervalMs?: number;
  /** Silence after which an Attio attempt counts as lost, e.g. its worker died (production: 10 s). */
  heartbeatTimeoutMs?: number;
  /** Bound on one attempt of an Attio step (production: 2 min). */
  attioAttemptTimeoutMs?: number;
}

export interface SyncLeadResult {
  leadId: number;
  personId: string;
  companyId: string | null;
  noteId: string;
  syncedAt: string;
  /** Runs with the CRM step: the settings version used and each failed part, named (issue 13). */
  crm?: { settingsVersion: number | null; problems: string[]; listEntryId: string | null };
}

export const syncStateQuery = defineQuery<SyncState>("syncState");

// ---------------------------------------------------------------------------------------------
// Scheduled re-syncs. A Temporal Schedule starts `resyncLeadsWorkflow` (the schedule
// appends a timestamp to its workflow id, so it cannot start `lead-<id>` runs itself); the
// dispatcher then starts one `lead-<id>` child per changed lead.

export const RESYNC_WORKFLOW_TYPE = "resyncLeadsWorkflow";
export const RESYNC_SCHEDULE_ID = "leadsync-resync";
export const RESYNC_DEFAULT_EVERY = "6h";

export interface ResyncLeadsInput {
  /** Only leads with an id above this are looked at (continue-as-new carries it forward). */
  afterLeadId?: number;
  /** Children running at once (the window). */
  concurrency?: number;
  /** Leads scanned per database page. */
  pageSize?: number;
  /** Children started per run before continue-as-new keeps the history small. */
  batchSize?: number;
  /** Totals of the earlier runs of this chain, so the last run reports the whole pass. */
  totals?: ResyncTotals;
}

export interface ResyncTotals {
  /** Runs in this continue-as-new chain so far. */
  runs: number;
  /** Leads looked at. */
  scanned: number;
  /** Skipped: their snapshot hash equals the last one sent (zero Attio calls). */
  unchanged: number;
  /** `lead-<id>` children started. */
  started: number;
  /** Skipped: a `lead-<id>` run was already in flight (a click, or another dispatcher). */
  alreadyRunning: number;
  succeeded: number;
  failed: number;
  /** Up to 20 failed lead ids, for the panel and the logs. */
  failedLeadIds: number[];
}

/** The whole pass (all runs of the chain), returned by its last run. */
export type ResyncLeadsResult = ResyncTotals;

export function emptyResyncTotals(): ResyncTotals {
  return { runs: 0, scanned: 0, unchanged: 0, started: 0, alreadyRunning: 0, succeeded: 0, failed: 0, failedLeadIds: [] };
}

/** Live progress of a dispatcher run: the chain's totals so far plus the children in flight. */
export interface ResyncProgress extends ResyncTotals {
  inFlight: number;
  /** Leads with an id at or below this were already looked at. */
  afterLeadId: number;
}

export const resyncProgressQuery = defineQuery<ResyncProgress>("resyncProgress");

/** Defaults of the dispatcher; the benchmark and tests may pass others in `ResyncLeadsInput`. */
export const RESYNC_DEFAULTS = {
  /**
   * Children in flight. The worker's pacing and task-queue rate limit, not this window, pace Attio
   * calls; the window only has to be wide enough to keep them busy (a lead spends most of its time
   * waiting for a write slot) while bounding what one dispatcher holds open.
   */
  concurrency: 25,
  pageSize: 100,
  /**
   * Children per run before continue-as-new: as large as the history allows comfortably (each
   * hand-over idles the Attio budget while the window drains). Figures in docs/benchmarks.md.
   */
  batchSize: 500,
} as const;

/**
 * Recommended LEADSYNC_MAX_ACTIVITIES_PER_SECOND for a backfill against Attio's 25 writes/s. The
 * limit counts activity tasks (about one Attio write each), not HTTP calls; it sits above the rate
 * of the Attio budget all workers share (temporal/infra/attio-budget.ts) so it never starves
 * it. Figures in docs/benchmarks.md.
 */
export const RESYNC_ACTIVITIES_PER_SECOND = 42;

/** Bound on one attempt of an Attio step (its requests, pacing waits and retries of a lost race). */
export const ATTIO_ATTEMPT_TIMEOUT_MS = 120_000;
/** Requests an Attio step makes in a typical attempt (look up, create or update, resolve a race). */
export const ATTIO_REQUESTS_PER_ATTEMPT = 4;

// ---------------------------------------------------------------------------------------------
// Bulk syncs ("Sync selected", "Retry all failed"): one dispatcher run under a fixed id, so the
// leads page finds it again after a reload, and a second bulk waits for the first.

export const BULK_WORKFLOW_TYPE = "bulkSyncLeadsWorkflow";
/** One bulk dispatcher per task queue (per deployment; tests use their own queues). */
export function bulkWorkflowId(taskQueue: string): string {
  return `bulk-sync-${taskQueue}`;
}

export interface BulkSyncInput {
  /** The leads still to start, in order (continue-as-new carries the rest forward). */
  leadIds: number[];
  trigger: "bulk" | "retry";
  /** Children running at once (default RESYNC_DEFAULTS.concurrency). */
  concurrency?: number;
  /** Children per run before continue-as-new (default RESYNC_DEFAULTS.batchSize). */
  batchSize?: number;
  /** The chain's progress so far; set by continue-as-new. */
  progress?: BulkProgress;
  /** Shorter activity timeouts for the children, in tests. */
  timing?: SyncTimingOverrides;
}

/** Live and final progress of a bulk sync, over its whole continue-as-new chain. */
export interface BulkProgress {
  trigger: "bulk" | "retry";
  /** Leads asked for. */
  total: number;
  succeeded: number;
  failed: number;
  /** Skipped: a `lead-<id>` run was already in flight (it sends the current snapshot itself). */
  alreadyRunning: number;
  inFlight: number;
  /** When the chain started (ISO 8601), for the rate and the time left. */
  startedAt: string;
  /** Up to 20 failed lead ids. */
  failedLeadIds: number[];
}

export const bulkProgressQuery = defineQuery<BulkProgress>("bulkProgress");

// ---------------------------------------------------------------------------------------------
// Failure alerts: small workflows the sync and the dispatchers start and abandon, so a webhook
// that is down is retried without delaying the sync's own outcome.

export interface LeadFailureAlert {
  leadId: number;
  workflowId: string;
  runId: string;
  error: string;
}

export interface PassFailureAlert {
  kind: "schedule" | "bulk" | "retry";
  workflowId: string;
  total: number;
  failed: number;
  failedLeadIds: number[];
}

/** The `type` of every ApplicationFailure a sync raises, so activities, workflows and the UI agree. */
export const SyncFailureType = {
  /** No ATTIO_API_KEY, or an unusable ATTIO_BASE_URL. */
  AttioConfigError: "AttioConfigError",
  /** Attio answered 4xx (other than 429): the request itself is wrong. */
  AttioRejected: "AttioRejected",
  AttioRateLimited: "AttioRateLimited",
  /** 5xx, timeouts, network errors. */
  AttioUnavailable: "AttioUnavailable",
  /** The lead was never there, or was deleted mid-run. */
  LeadNotFound: "LeadNotFound",
  /** The lead's record was deleted in Attio and the settings say not to create it again. */
  DeletedInAttio: "DeletedInAttio",
  /** The workflow's own failure when the cause was not a Temporal failure. */
  SyncFailed: "SyncFailed",
} as const;
export type SyncFailureType = (typeof SyncFailureType)[keyof typeof SyncFailureType];

/** Failure types a sync never retries (missing key, Attio 4xx, lead gone): retrying cannot fix them. */
export const NON_RETRYABLE_SYNC_FAILURES: string[] = [
  SyncFailureType.AttioConfigError,
  SyncFailureType.AttioRejected,
  SyncFailureType.LeadNotFound,
  SyncFailureType.DeletedInAttio,
];

// ---------------------------------------------------------------------------------------------
// Inbound Attio events (issue 20): the webhook route stores each event in the inbox
// (AttioInboxEvent) and signals the per-record workflow with the new rows' ids; the workflow
// waits for a quiet moment, then one activity reads the record once and applies the burst.

export const ATTIO_EVENTS_WORKFLOW_TYPE = "attioRecordEventsWorkflow";
export const ATTIO_EVENTS_SIGNAL = "attioEvents";
/** Carries inbox ids (AttioInboxEvent.id); a repeated id is ignored, so the drain may signal twice. */
export const attioEventsSignal = defineSignal<[number[]]>(ATTIO_EVENTS_SIGNAL);

/** The object part of a per-record workflow id: a record's object, or `entries` for an entry without a parent. */
export type AttioEventsObject = "people" | "companies" | "records" | "entries";

/** `attio-<object>-<recordId>`: one workflow per Attio record, so its events are applied in one place and in order. */
export function attioRecordWorkflowId(object: AttioEventsObject, recordId: string): string {
  return `attio-${object}-${recordId}`;
}

export interface AttioRecordEventsInput {
  /** Inbox ids received but not yet applied (continue-as-new carries them forward). */
  pending?: number[];
  /** Bursts applied by earlier runs of this chain. */
  bursts?: number;
  /** Quiet time that ends a burst (production: 5 s); tests may shorten it. */
  quietMs?: number;
}

export interface ApplyAttioEventsInput {
  workflowId: string;
  inboxIds: number[];
}

export interface ApplyAttioEventsResult {
  /** Inbox ids stamped by this call (rows already stamped by an earlier attempt are left as they were). */
  stamped: number;
  outcomes: Record<string, number>;
}

/** Quiet time after the last event of a record before its burst is applied (Nango measured ~5 s). */
export const ATTIO_EVENTS_QUIET_MS = 5_000;
/** Bursts per run before continue-as-new keeps the history small. */
export const ATTIO_EVENTS_BURSTS_PER_RUN = 50;

// ------------------------------------------------------------------ reconcile pass (two-way sync)

/** The Temporal Schedule of the reconcile pass, and the workflow it starts (by type name). */
export const RECONCILE_SCHEDULE_ID = "leadsync-attio-reconcile";
export const RECONCILE_WORKFLOW_TYPE = "attioReconcileWorkflow";
/** Once a day by default: webhooks carry the changes; the pass catches what they lost. */
export const RECONCILE_DEFAULT_EVERY = "24h";

export interface ReconcileTotals {
  scanned: number;
  changed: number;
  reads: number;
  pages: number;
}

export interface AttioReconcileInput {
  /** Synced leads read per activity (default 50). */
  pageSize?: number;
  /** Carried by continue-as-new. */
  afterLeadId?: number;
  totals?: ReconcileTotals;
  /** Names the pass in the inbound rows it writes (the first run's workflow id). */
  passId?: string;
}

export interface ReconcileLeadPageInput {
  /** Leads with an id strictly above this one, in id order. */
  afterLeadId: number;
  limit: number;
  /** Names the pass in the inbound rows it writes (one row per changed lead and pass). */
  passId: string;
}

export interface ReconcileLeadPageResult {
  /** Synced leads looked at. */
  scanned: number;
  /** Leads something was applied to (re-pointed, marked deleted, pulled, stage or owner). */
  changed: number;
  /** Attio reads made (records, entries, look-ups). */
  reads: number;
  /** The last lead scanned (the next page's `afterLeadId`), or null when none are left. */
  nextAfterLeadId: number | null;
}

export const reconcileProgressQuery = defineQuery<ReconcileTotals & { afterLeadId: number }>("reconcileProgress");
