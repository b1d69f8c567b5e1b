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
    runId: lead.attioLastRunId,
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
    // that records its outcome. Stored, so the leads list says the same as this page.
    const error = endedMessage(run.status);
    await recordEndedRun(deps.prisma, leadId, run.runId, error);
    return { ...status, status: "failed", error };
  }
  if (run.state) status.step = run.state.step;
  return status;
}

/**
 * For the leads list: of these leads stored as "running", those whose run already ended without
 * recording its outcome are stored as failed (at most `limit` runs are described, in parallel,
 * within one short deadline). Returns the ids it changed.
 */
export async function repairEndedRuns(
  leads: { id: number; attioSyncStatus: string; attioLastRunId: string | null }[],
  deps: Pick<LeadSyncDeps, "prisma" | "getClient">,
  limit = 50,
): Promise<number[]> {
  const running = leads.filter((l) => l.attioSyncStatus === "running" && l.attioLastRunId).slice(0, limit);
  if (running.length === 0) return [];
  let client: Awaited<ReturnType<LeadSyncDeps["getClient"]>>;
  try {
    client = await deps.getClient();
  } catch {
    return []; // no Temporal: the stored status is all there is
  }
  const deadline = Date.now() + 2_000;
  const repaired = await Promise.all(
    running.map(async (lead) => {
      const handle = client.workflow.getHandle(leadWorkflowId(lead.id), lead.attioLastRunId ?? undefined);
      const description = await client.withDeadline(deadline, () => handle.describe()).catch(() => null);
      const status = runStatus(description?.status.name);
      if (!endedWithoutOutcome(status)) return null;
      return (await recordEndedRun(deps.prisma, lead.id, lead.attioLastRunId, endedMessage(status))) ? lead.id : null;
    }),
  );
  return repaired.filter((id): id is number => id !== null);
}

function endedMessage(status: RunStatus): string {
  return `The last sync run was ${status.replace("_", " ")} in Temporal before it finished. Sync again.`;
}

/** Stores the failure unless a newer run has taken over the lead meanwhile. */
async function recordEndedRun(prisma: LeadSyncDeps["prisma"], leadId: number, runId: string | null, error: string): Promise<boolean> {
  const { count } = await prisma.lead.updateMany({
    where: { id: leadId, attioSyncStatus: "running", ...(runId ? { attioLastRunId: runId } : {}) },
    data: { attioSyncStatus: "failed", attioSyncError: error },
  });
  return count > 0;
}

/** The `lead-<id>` run's execution status and live state; nulls when Temporal cannot say. */
async function liveRun(leadId: number, deps: LeadSyncDeps): Promise<{ status: RunStatus; runId: string | null; state: SyncState | null }> {
  try {
    const client = await deps.getClient();
    const handle = client.workflow.getHandle(leadWorkflowId(leadId));
    const deadline = Date.now() + 2_000;
    const [description, state] = await Promise.all([
      client.withDeadline(deadline, () => handle.describe()).catch(() => null),
      client.withDeadline(deadline, () => handle.query(syncStateQuery)).catch(() => null),
    ]);
    return { status: runStatus(description?.status.name), runId: description?.runId ?? null, state };
  } catch {
    // No server or no run: the stored status is still right, just without the step.
    return { status: "unknown", runId: null, state: null };
  }
}
