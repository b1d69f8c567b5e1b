// A lead's sync status for the list, the lead page and the button: the outcome stored on the lead,
// plus the live step of a run in flight.
import type { Client } from "@temporalio/client";
import { syncStateQuery, type SyncStep } from "../temporal/contract";
import { temporalRunUrl, type TemporalSettings } from "../temporal/client";
import { DESCRIBE_DEADLINE_MS, describeRun, runHeldByLead } from "./ended-runs";
import { markRunEnded } from "./run-state";
import type { SyncLeadDeps } from "./run-sync";

export type SyncLeadStatusKind = "not_synced" | "running" | "synced" | "failed";

export interface SyncLeadStatus {
  leadId: number;
  status: SyncLeadStatusKind;
  step: SyncStep | null;
  syncedAt: string | null;
  error: string | null;
  personId: string | null;
  companyId: string | null;
  personUrl: string | null;
  companyUrl: string | null;
  runUrl: string | null;
  /** The run the stored outcome belongs to: the button waits for its own run's outcome. */
  runId: string | null;
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
export function storedSyncStatus(lead: StoredSyncFields, settings: TemporalSettings): SyncLeadStatus {
  return {
    leadId: lead.id,
    status: lead.attioSyncStatus as SyncLeadStatusKind,
    step: null,
    syncedAt: lead.attioSyncedAt?.toISOString() ?? null,
    error: lead.attioSyncError,
    personId: lead.attioPersonId,
    companyId: lead.attioCompanyId,
    personUrl: lead.attioPersonUrl,
    companyUrl: lead.attioCompanyUrl,
    runUrl: lead.attioLastWorkflowId ? temporalRunUrl(lead.attioLastWorkflowId, lead.attioLastRunId, settings) : null,
    runId: lead.attioLastRunId,
  };
}

/**
 * The lead's sync status: the outcome stored on the lead, plus the live step while its run is in
 * flight. The lead's run is described once: a run Temporal closed without an outcome is closed
 * through the run-state owner; only a run still open is queried for its step (a closed run is
 * never replayed for this).
 */
export async function leadSyncStatus(leadId: number, deps: SyncLeadDeps): Promise<SyncLeadStatus | null> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) return null;
  const status = storedSyncStatus(lead, deps.settings);
  const run = runHeldByLead(lead);
  if (!run) return status;

  let client: Client;
  try {
    client = await deps.getClient();
  } catch {
    return status; // no server: the stored status is still right, just without the step
  }
  const deadline = Date.now() + DESCRIBE_DEADLINE_MS;
  const closed = await describeRun(client, run, deadline);
  if (closed.status === "running") {
    const state = await client
      .withDeadline(deadline, () => client.workflow.getHandle(run.workflowId, run.runId).query(syncStateQuery))
      .catch(() => null);
    return { ...status, step: state?.step ?? null };
  }
  const ended = await markRunEnded(deps.prisma, run, closed);
  if (!ended.lead) return status;
  // Stored, so the leads list says the same as this page.
  const fresh = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  return fresh ? storedSyncStatus(fresh, deps.settings) : null;
}
