import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  isGrpcServiceError,
  type Client,
} from "@temporalio/client";
import { TemporalFailure } from "@temporalio/client";
import {
  SYNC_WORKFLOW_TYPE,
  leadWorkflowId,
  syncStateQuery,
  type SyncLeadInput,
  type SyncLeadResult,
  type SyncState,
  type SyncStep,
} from "../../../../temporal/shared";
import type { PrismaClient } from "../db";
import { TemporalUnavailableError, temporalRunUrl, type TemporalSettings } from "../temporal";

/** The spec's result for `syncLeadToAttio`, plus `running` when the run outlives the wait. */
export interface SyncLeadToAttioResult {
  success: boolean;
  personId?: string;
  companyId?: string;
  syncedAt?: string;
  error?: string;
  running?: boolean;
}

export type LeadSyncStatusKind = "not_synced" | "running" | "synced" | "failed";

export interface LeadSyncStatus {
  leadId: number;
  status: LeadSyncStatusKind;
  step: SyncStep | null;
  syncedAt: string | null;
  error: string | null;
  personId: string | null;
  companyId: string | null;
  personUrl: string | null;
  companyUrl: string | null;
  runUrl: string | null;
}

export interface LeadSyncDeps {
  prisma: PrismaClient;
  getClient: () => Promise<Client>;
  settings: TemporalSettings;
  env: Record<string, string | undefined>;
  /** How long the action waits for the run before answering "still running" (the button keeps polling). */
  waitMs?: number;
}

const START_DEADLINE_MS = 5_000;
export const MISSING_KEY_MESSAGE =
  "ATTIO_API_KEY is not set. Add your Attio API key to .env (see .env.example) and restart the app, or run `npm run attio:fake` to try it without an Attio account.";

/**
 * Starts (or attaches to) the lead's `lead-<id>` run and waits for its outcome. Every failure is
 * returned as a message a user can act on; nothing throws to the caller.
 */
export async function syncLead(leadId: number, deps: LeadSyncDeps): Promise<SyncLeadToAttioResult> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) return { success: false, error: `Lead ${leadId} was not found.` };
  // Checked here too, so a missing key is reported at once and no run is started.
  if (!deps.env.ATTIO_API_KEY) return { success: false, error: MISSING_KEY_MESSAGE };

  let client: Client;
  try {
    client = await deps.getClient();
  } catch (err) {
    return { success: false, error: err instanceof TemporalUnavailableError ? err.message : "Cannot reach the Temporal server." };
  }

  const workflowId = leadWorkflowId(leadId);
  const input: SyncLeadInput = { leadId, trigger: "manual", requestedAt: new Date().toISOString() };
  let handle;
  try {
    handle = await client.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      client.workflow.start(SYNC_WORKFLOW_TYPE, {
        taskQueue: deps.settings.taskQueue,
        workflowId,
        args: [input],
        // A click while a run is in flight attaches to it; after it closed, a new run starts.
        workflowIdConflictPolicy: "USE_EXISTING",
        workflowIdReusePolicy: "ALLOW_DUPLICATE",
      }),
    );
  } catch (err) {
    return { success: false, error: temporalErrorMessage(err, deps.settings) };
  }

  try {
    const result: SyncLeadResult = await client.withDeadline(Date.now() + (deps.waitMs ?? 25_000), () => handle.result());
    return { success: true, personId: result.personId, companyId: result.companyId ?? undefined, syncedAt: result.syncedAt };
  } catch (err) {
    if (err instanceof WorkflowFailedError) return { success: false, error: innermostMessage(err) };
    if (isDeadlineExceeded(err)) return { success: false, running: true, error: "Still syncing; the status will update when the run finishes." };
    return { success: false, error: temporalErrorMessage(err, deps.settings) };
  }
}

/** The sync fields a lead stores about its last run. */
export interface StoredSyncFields {
  id: number;
  attioSyncStatus: string;
  attioSyncedAt: Date | null;
  attioSyncError: string | null;
  attioPersonId: string | null;
  attioCompanyId: string | null;
  attioPersonUrl: string | null;
  attioCompanyUrl: string | null;
  attioLastWorkflowId: string | null;
  attioLastRunId: string | null;
}

/** The status as stored on the lead, without asking Temporal (no live step). */
export function storedSyncStatus(lead: StoredSyncFields, settings: TemporalSettings): LeadSyncStatus {
  return {
    leadId: lead.id,
    status: lead.attioSyncStatus as LeadSyncStatusKind,
    step: null,
    syncedAt: lead.attioSyncedAt?.toISOString() ?? null,
    error: lead.attioSyncError,
    personId: lead.attioPersonId,
    companyId: lead.attioCompanyId,
    personUrl: lead.attioPersonUrl,
    companyUrl: lead.attioCompanyUrl,
    runUrl: lead.attioLastWorkflowId ? temporalRunUrl(lead.attioLastWorkflowId, lead.attioLastRunId, settings) : null,
  };
}

/**
 * The lead's sync status: the outcome stored on the lead, plus the live step from the
 * workflow's query while a run is in flight (a closed run is never replayed for this).
 */
export async function leadSyncStatus(leadId: number, deps: LeadSyncDeps): Promise<LeadSyncStatus | null> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) return null;
  const status = storedSyncStatus(lead, deps.settings);
  if (status.status !== "running") return status;

  const run = await liveRun(leadId, deps);
  if (run.status && ENDED_WITHOUT_OUTCOME.has(run.status)) {
    // Terminated or cancelled from the Temporal UI, or timed out: the run never reached the step
    // that records its outcome, so without this the lead would show "running" forever.
    const how = run.status.toLowerCase().replace("_", " ");
    return { ...status, status: "failed", error: `The last sync run was ${how} in Temporal before it finished. Sync again.` };
  }
  if (run.state) status.step = run.state.step;
  return status;
}

/** Closed run states in which the workflow could not record its outcome on the lead. */
const ENDED_WITHOUT_OUTCOME = new Set(["TERMINATED", "CANCELLED", "TIMED_OUT", "FAILED"]);

/** The `lead-<id>` run's execution status and live state; nulls when Temporal cannot say. */
async function liveRun(leadId: number, deps: LeadSyncDeps): Promise<{ status: string | null; state: SyncState | null }> {
  try {
    const client = await deps.getClient();
    const handle = client.workflow.getHandle(leadWorkflowId(leadId));
    const deadline = Date.now() + 2_000;
    const [description, state] = await Promise.all([
      client.withDeadline(deadline, () => handle.describe()).catch(() => null),
      client.withDeadline(deadline, () => handle.query(syncStateQuery)).catch(() => null),
    ]);
    return { status: description?.status.name ?? null, state };
  } catch {
    // No server or no run: the stored status is still right, just without the step.
    return { status: null, state: null };
  }
}

function innermostMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && (e instanceof WorkflowFailedError || e instanceof TemporalFailure) && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

function isDeadlineExceeded(err: unknown): boolean {
  const cause = (err as { cause?: { code?: number } })?.cause;
  return (isGrpcServiceError(err) && err.code === 4) || cause?.code === 4;
}

function temporalErrorMessage(err: unknown, settings: TemporalSettings): string {
  if (err instanceof WorkflowNotFoundError) return "The sync run was not found in Temporal.";
  return `The Temporal server at ${settings.address} did not answer. Is it running? Start it with \`npm run dev\`.`;
}
