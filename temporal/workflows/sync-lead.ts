import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  TemporalFailure,
  TimeoutFailure,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
  type ActivityOptions,
  type LocalActivityOptions,
} from "@temporalio/workflow";
// Types only: activity code (Prisma, fetch) must never be bundled into the workflow sandbox.
import type { SyncActivities } from "../activities";
import {
  ATTIO_ATTEMPT_TIMEOUT_MS,
  NON_RETRYABLE_SYNC_FAILURES,
  SyncFailureType,
  syncStateQuery,
  type SyncLeadInput,
  type SyncLeadResult,
  type SyncState,
  type SyncTimingOverrides,
} from "../../web/src/lib/temporal/contract";
import { startLeadFailureAlert } from "./alerts";

/** Patch ids: each marks a change that runs started by earlier code must not see on replay. */
export const SYNC_PATCHES = {
  /** `loadLeadAndBuildNote` and `persistIds` became `prepareSync` and `recordSuccess`. */
  activityNamesV2: "sync-activity-names-v2",
  /** A run cancelled from the Temporal UI still records its failure (in a non-cancellable scope). */
  failureRecordOnCancel: "sync-failure-record-on-cancel",
  /** After the note: mapped attributes, list entry with stage and owner (temporal/activities/attio-crm.ts). */
  crmStep: "sync-crm-step",
  /** A failed sync starts a failure-alert workflow (workflows/alerts.ts). */
  failureAlert: "sync-failure-alert",
} as const;

/**
 * Activity options. Attio steps: transient failures (5xx, timeouts) back off from 1 s; a 429
 * retries after the Retry-After date the activity passes as `nextRetryDelay`. The server caps that
 * delay at `maximumInterval` and gives up past `scheduleToCloseTimeout`, so both sit far above
 * Attio's usual one-second Retry-After (a 429's delay is capped at maximumInterval and dropped past scheduleToCloseTimeout).
 *
 * An Attio step makes up to four requests of up to ATTIO_TIMEOUT_MS (15 s) each, so one attempt
 * may take a minute: `startToCloseTimeout` leaves room for that, because an attempt timed out
 * while still running could race its own retry. A worker that dies is instead noticed through
 * the heartbeat timeout (the activities heartbeat while they wait on Attio), so its attempt is
 * retried after seconds, not minutes.
 */
function activityOptions(timing: SyncTimingOverrides = {}) {
  const heartbeatTimeout = timing.heartbeatTimeoutMs ?? "10s";
  const attio: ActivityOptions = {
    startToCloseTimeout: timing.attioAttemptTimeoutMs ?? ATTIO_ATTEMPT_TIMEOUT_MS,
    heartbeatTimeout,
    scheduleToCloseTimeout: "30m",
    retry: {
      initialInterval: timing.retryInitialIntervalMs ?? "1s",
      backoffCoefficient: 2,
      maximumInterval: timing.retryMaximumIntervalMs ?? "1m",
      nonRetryableErrorTypes: NON_RETRYABLE_SYNC_FAILURES,
    },
  };
  /**
   * Database-only steps (load the lead, store the outcome) run as local activities: milliseconds
   * of work in the worker's own process, recorded with the workflow task instead of dispatched
   * through the server, which saves two task round trips per sync. If the worker dies during
   * one, the workflow task times out and the next worker runs it again; both steps write
   * absolute values, so that is harmless.
   */
  const db: LocalActivityOptions = {
    startToCloseTimeout: "15s",
    retry: {
      initialInterval: timing.retryInitialIntervalMs ?? "500ms",
      maximumInterval: "10s",
      maximumAttempts: 10,
      nonRetryableErrorTypes: NON_RETRYABLE_SYNC_FAILURES,
    },
  };
  return { attio, db };
}

/**
 * Syncs one lead into Attio: load lead and build note, upsert company, upsert person, add note,
 * persist IDs. Workflow id `lead-<id>` keeps one run per lead at a time; the `syncState` query
 * reports the live step to the web app, and the outcome is also stored on the lead.
 */
export async function syncLeadWorkflow(input: SyncLeadInput): Promise<SyncLeadResult> {
  const { workflowId, runId, runStartTime } = workflowInfo();
  const startedAt = input.requestedAt ?? runStartTime.toISOString();
  const state: SyncState = {
    leadId: input.leadId,
    step: "loading",
    startedAt,
    finishedAt: null,
    personId: null,
    companyId: null,
    noteId: null,
    error: null,
  };
  setHandler(syncStateQuery, () => state);

  const options = activityOptions(input.timing);
  const attio = proxyActivities<SyncActivities>(options.attio);
  const db = proxyLocalActivities<SyncActivities>(options.db);

  const renamed = patched(SYNC_PATCHES.activityNamesV2);
  const prepareSync = renamed ? db.prepareSync : db.loadLeadAndBuildNote;
  const recordSuccess = renamed ? db.recordSuccess : db.persistIds;

  try {
    const { note, snapshotHash, ...record } = await prepareSync({
      leadId: input.leadId,
      workflowId,
      runId,
      syncedAt: startedAt,
      trigger: input.trigger,
    });
    // The note (up to 100 kB) goes to the one step that sends it; the upserts get the lead's
    // identity only, which keeps each run's history small.

    state.step = "company";
    const company = await attio.upsertCompany(record);
    state.companyId = company?.id ?? null;

    state.step = "person";
    const person = await attio.upsertPerson({ lead: record, companyId: state.companyId });
    state.personId = person.id;

    state.step = "note";
    const added = await attio.addNote({ personId: person.id, note });
    state.noteId = added.id;

    let crm: SyncLeadResult["crm"];
    if (patched(SYNC_PATCHES.crmStep)) {
      state.step = "crm";
      crm = await attio.syncCrm({ leadId: record.leadId, personId: person.id });
    }

    state.step = "saving";
    await recordSuccess({ leadId: record.leadId, workflowId, runId, person, company, syncedAt: startedAt, snapshotHash });

    state.step = "done";
    state.finishedAt = new Date().toISOString();
    return {
      leadId: record.leadId,
      personId: person.id,
      companyId: state.companyId,
      noteId: added.id,
      syncedAt: startedAt,
      ...(crm ? { crm } : {}),
    };
  } catch (err) {
    state.step = "failed";
    state.finishedAt = new Date().toISOString();
    state.error = failureMessage(err);
    const recordFailure = () => db.recordFailure({ leadId: input.leadId, workflowId, runId, error: state.error ?? "The sync failed." });
    try {
      // Cancelled runs: the run's own scope is cancelled, so the record needs a scope of its own.
      await (patched(SYNC_PATCHES.failureRecordOnCancel) ? CancellationScope.nonCancellable(recordFailure) : recordFailure());
    } catch {
      // The database is unreachable too: the run's own failure (below) is the better report.
    }
    if (patched(SYNC_PATCHES.failureAlert)) await startLeadFailureAlert({ leadId: input.leadId, workflowId, runId, error: state.error });
    // Only Temporal failures fail the run; anything else would retry the workflow task forever.
    if (err instanceof TemporalFailure) throw err;
    throw ApplicationFailure.nonRetryable(state.error, SyncFailureType.SyncFailed);
  }
}

/**
 * The innermost cause's message (an ActivityFailure wraps the activity's ApplicationFailure),
 * saying so when Temporal stopped retrying because the step ran out of time.
 */
function failureMessage(err: unknown): string {
  if (isCancellation(err)) return "The sync run was cancelled in Temporal before it finished. Sync again.";
  let e: unknown = err;
  let timedOut = false;
  while (e instanceof TemporalFailure && e.cause) {
    if (e instanceof TimeoutFailure) timedOut = true;
    e = e.cause;
  }
  if (e instanceof TimeoutFailure) timedOut = true;
  const message = e instanceof Error ? e.message : String(e);
  return timedOut ? `The sync gave up after retrying for too long: ${message}` : message;
}
