// A lead's sync status for the list, the lead page and the button: the outcome stored on the lead,
// plus the live step of a run in flight.
import { leadWorkflowId, syncStateQuery, type SyncState, type SyncStep } from "../temporal/contract";
import { temporalRunUrl, type TemporalSettings } from "../temporal/client";
import { endedWithoutOutcome, runStatus, type RunStatus } from "../temporal/errors";
import type { LeadSyncDeps } from "./run-sync";

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
  if (endedWithoutOutcome(run.status)) {
    // Terminated or cancelled from the Temporal UI, or timed out: the run never reached the step
    // that records its outcome, so without this the lead would show "running" forever.
    const how = run.status.replace("_", " ");
    return { ...status, status: "failed", error: `The last sync run was ${how} in Temporal before it finished. Sync again.` };
  }
  if (run.state) status.step = run.state.step;
  return status;
}

/** The `lead-<id>` run's execution status and live state; nulls when Temporal cannot say. */
async function liveRun(leadId: number, deps: LeadSyncDeps): Promise<{ status: RunStatus; state: SyncState | null }> {
  try {
    const client = await deps.getClient();
    const handle = client.workflow.getHandle(leadWorkflowId(leadId));
    const deadline = Date.now() + 2_000;
    const [description, state] = await Promise.all([
      client.withDeadline(deadline, () => handle.describe()).catch(() => null),
      client.withDeadline(deadline, () => handle.query(syncStateQuery)).catch(() => null),
    ]);
    return { status: runStatus(description?.status.name), state };
  } catch {
    // No server or no run: the stored status is still right, just without the step.
    return { status: "unknown", state: null };
  }
}
