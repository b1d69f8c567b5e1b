import { ApplicationFailure, TemporalFailure, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
// Types only: activity code (Prisma, fetch) must never be bundled into the workflow sandbox.
import type { SyncActivities } from "../activities";
import { syncStateQuery, type SyncLeadInput, type SyncLeadResult, type SyncState } from "../shared";

/**
 * Attio calls: transient failures (5xx, timeouts) back off from 1 s; a 429 retries after the
 * Retry-After date the activity passes as `nextRetryDelay`. The server caps that delay at
 * `maximumInterval` and gives up past `scheduleToCloseTimeout`, so both are sized well above
 * Attio's usual one-second Retry-After (temporal-notes.md section 6).
 */
const attio = proxyActivities<SyncActivities>({
  startToCloseTimeout: "45s",
  scheduleToCloseTimeout: "30m",
  retry: {
    initialInterval: "1s",
    backoffCoefficient: 2,
    maximumInterval: "1m",
    nonRetryableErrorTypes: ["AttioConfigError", "AttioRejected", "LeadNotFound"],
  },
});

/** Database-only steps: short timeouts, a few quick retries. */
const db = proxyActivities<SyncActivities>({
  startToCloseTimeout: "15s",
  retry: { initialInterval: "500ms", maximumInterval: "10s", maximumAttempts: 10, nonRetryableErrorTypes: ["AttioConfigError", "LeadNotFound"] },
});

/**
 * Syncs one lead into Attio: load lead and build note, upsert company, upsert person, add note,
 * persist IDs. Workflow id `lead-<id>` keeps one run per lead at a time; the `syncState` query
 * reports the live step to the web app.
 */
export async function syncLeadWorkflow(input: SyncLeadInput): Promise<SyncLeadResult> {
  const { workflowId, runId } = workflowInfo();
  const startedAt = new Date().toISOString(); // deterministic: the workflow clock
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

  try {
    const lead = await db.loadLeadAndBuildNote({ leadId: input.leadId, workflowId, runId, syncedAt: startedAt });

    state.step = "company";
    const company = await attio.upsertCompany(lead);
    state.companyId = company?.id ?? null;

    state.step = "person";
    const person = await attio.upsertPerson({ lead, companyId: state.companyId });
    state.personId = person.id;

    state.step = "note";
    const note = await attio.addNote({ personId: person.id, note: lead.note });
    state.noteId = note.id;

    state.step = "saving";
    await db.persistIds({ leadId: lead.leadId, workflowId, runId, person, company, syncedAt: startedAt, snapshotHash: lead.snapshotHash });

    state.step = "done";
    state.finishedAt = new Date().toISOString();
    return { leadId: lead.leadId, personId: person.id, companyId: state.companyId, noteId: note.id, syncedAt: startedAt };
  } catch (err) {
    state.step = "failed";
    state.finishedAt = new Date().toISOString();
    state.error = failureMessage(err);
    await db.recordFailure({ leadId: input.leadId, workflowId, runId, error: state.error });
    // Only Temporal failures fail the run; anything else would retry the workflow task forever.
    if (err instanceof TemporalFailure) throw err;
    throw ApplicationFailure.nonRetryable(state.error, "SyncFailed");
  }
}

/** The innermost cause's message: an ActivityFailure wraps the activity's ApplicationFailure. */
function failureMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof TemporalFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
